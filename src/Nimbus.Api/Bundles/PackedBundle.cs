namespace Nimbus.Api.Bundles;

/// <summary>A packed bundle: its content address, its size as a .tar.gz, and what went into it.</summary>
/// <param name="Digest">"sha256:&lt;64 lowercase hex&gt;" of the .tar.gz bytes.</param>
/// <param name="Size">Bytes of the .tar.gz.</param>
/// <param name="Contents">Files, uncompressed bytes and warnings.</param>
/// <param name="Path">The file it was written to, when packed to a file.</param>
public sealed record PackedBundle(string Digest, long Size, PackResult Contents, string? Path = null);
