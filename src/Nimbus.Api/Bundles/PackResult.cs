namespace Nimbus.Api.Bundles;

/// <summary>What went into a bundle.</summary>
/// <param name="FileCount">Regular files stored (folders not counted).</param>
/// <param name="UncompressedBytes">Total size of the stored files' content.</param>
/// <param name="Warnings">Things left out that the user may want to know about, e.g. a symlink pointing outside the folder.</param>
public sealed record PackResult(int FileCount, long UncompressedBytes, IReadOnlyList<string> Warnings);
