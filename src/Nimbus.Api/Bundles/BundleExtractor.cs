using System.Formats.Tar;
using System.IO.Compression;

namespace Nimbus.Api.Bundles;

/// <summary>
/// Unpacks a bundle safely. Only regular files and folders are accepted; absolute names, ".." segments,
/// links, devices and fifos, too many entries or too many bytes make it an <see cref="InvalidBundleException"/>.
/// Everything is unpacked into a temporary folder beside the destination and renamed into place at the end,
/// so a failed extract never leaves a partial destination.
/// </summary>
public static class BundleExtractor
{
    // Allowance for tar headers and pax records on top of file content when capping decompressed bytes.
    private const long HeaderAllowancePerEntry = 16 * 1024;

    /// <summary>Unpacks <paramref name="tarGz"/> (left open) into <paramref name="destinationDirectory"/>,
    /// which must not exist yet; its parent is created if needed.</summary>
    public static async Task ExtractAsync(
        Stream tarGz, string destinationDirectory, BundleLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tarGz);
        limits ??= BundleLimits.Default;
        var destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destinationDirectory));
        if (Path.Exists(destination))
        {
            throw new IOException($"Cannot extract a bundle into '{destination}': it already exists.");
        }
        var parent = Path.GetDirectoryName(destination) ?? throw new IOException($"Cannot extract a bundle into '{destination}'.");
        Directory.CreateDirectory(parent);
        var staging = Path.Join(parent, $".{Path.GetFileName(destination)}.extracting-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            await ExtractIntoAsync(tarGz, staging, limits, cancellationToken).ConfigureAwait(false);
            Directory.Move(staging, destination);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    private static async Task ExtractIntoAsync(Stream tarGz, string staging, BundleLimits limits, CancellationToken cancellationToken)
    {
        var cap = limits.MaxTotalBytes + ((long)limits.MaxEntries + 2) * HeaderAllowancePerEntry;
        var gzip = new GZipStream(tarGz, CompressionMode.Decompress, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var limited = new ReadLimitStream(gzip, cap);
            var reader = new TarReader(limited, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                var target = new ExtractionTarget(staging, limits);
                try
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        await target.AddAsync(entry, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
                {
                    throw new InvalidBundleException($"bundle is not a valid tar.gz: {e.Message}", e);
                }
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the staging folder has a unique name and never becomes the destination.
        }
    }
}
