using System.Buffers;
using System.Security.Cryptography;

namespace Nimbus.ControlPlane.Bundles;

/// <summary>Content-addressed files ("sha256:HEX" → blobs/sha256/HEX). A blob appears only after its bytes
/// were hashed, checked against the name, fsynced and renamed into place.</summary>
internal sealed class BlobStore(ControlPlaneOptions options)
{
    private readonly string _root = Path.Combine(options.BlobDirectory, "sha256");

    public static bool IsDigest(string digest) =>
        digest.Length == 71 && digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.AsSpan(7).IndexOfAnyExcept("0123456789abcdef") < 0;

    public string PathOf(string digest) => Path.Combine(_root, digest[7..]);

    public bool Exists(string digest) => File.Exists(PathOf(digest));

    public long Size(string digest) => new FileInfo(PathOf(digest)).Length;

    /// <summary>Every stored blob with the time it was written.</summary>
    public IEnumerable<(string Digest, DateTimeOffset Written)> List() =>
        Directory.Exists(_root)
            ? new DirectoryInfo(_root).EnumerateFiles().Where(f => !f.Name.StartsWith('.')).Select(f => ("sha256:" + f.Name, (DateTimeOffset)f.LastWriteTimeUtc))
            : [];

    public void Delete(string digest) => File.Delete(PathOf(digest));

    /// <summary>Stores the stream if its sha256 matches <paramref name="digest"/>; returns the size, or an error message.</summary>
    public async Task<(long Size, string? Error)> WriteAsync(string digest, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        var temp = Path.Combine(_root, $".upload-{Guid.NewGuid():N}");
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int n;
                while ((n = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += n;
                    if (size > maxBytes)
                    {
                        return (0, $"the bundle is larger than the limit of {maxBytes} bytes");
                    }
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
                file.Flush(flushToDisk: true);
            }
            var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != digest)
            {
                return (0, $"the uploaded bytes hash to {actual}, not {digest}; the upload was corrupted or the digest is wrong");
            }
            File.Move(temp, PathOf(digest), overwrite: true);
            return (size, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
