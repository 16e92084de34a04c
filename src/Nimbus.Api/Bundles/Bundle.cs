namespace Nimbus.Api.Bundles;

/// <summary>Packs a folder and works out the bundle's content address while writing it.</summary>
public static class Bundle
{
    /// <summary>Packs <paramref name="directory"/> into <paramref name="destination"/> (left open) and returns its digest and size.</summary>
    public static async Task<PackedBundle> PackAsync(
        string directory, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        using var hashing = new HashingWriteStream(destination);
        var contents = await BundlePacker.PackAsync(directory, hashing, progress, cancellationToken).ConfigureAwait(false);
        await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new PackedBundle(hashing.Digest(), hashing.BytesWritten, contents);
    }

    /// <summary>Packs <paramref name="directory"/> into the file <paramref name="path"/> (replaced if it exists).
    /// On failure the file is deleted.</summary>
    public static async Task<PackedBundle> PackToFileAsync(
        string directory, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var packed = await PackAsync(directory, file, progress, cancellationToken).ConfigureAwait(false);
                return packed with { Path = path };
            }
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    /// <summary>Packs <paramref name="directory"/> into a new file in the temp folder; the caller deletes it.</summary>
    public static Task<PackedBundle> PackToTempFileAsync(
        string directory, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var path = Path.Join(Path.GetTempPath(), $"nimbus-bundle-{Guid.NewGuid():N}.tar.gz");
        return PackToFileAsync(directory, path, progress, cancellationToken);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The packing failure is what the caller needs to see, not a failed cleanup.
        }
    }
}
