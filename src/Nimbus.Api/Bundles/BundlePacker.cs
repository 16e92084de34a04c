using System.IO.Compression;

namespace Nimbus.Api.Bundles;

/// <summary>
/// Packs an app folder into a bundle: a gzip'd POSIX tar, reproducible byte for byte so the same folder always
/// has the same content address. Entries are sorted ordinally, every mtime is 2000-01-01, owners are 0 with no
/// names, and modes are 0755 (folders and files with any execute bit) or 0644. Files matched by
/// <see cref="IgnoreRules"/> are left out. Symlinks are never followed out of the folder: one to a file inside is
/// stored as that file's content; one to a folder, one that dangles or one that leaves the folder is skipped
/// with a warning, as are fifos, sockets and devices.
/// </summary>
public static class BundlePacker
{
    /// <summary>Writes the bundle of <paramref name="directory"/> to <paramref name="destination"/> (left open).
    /// <paramref name="progress"/>, when given, receives the running total of file content bytes packed.</summary>
    public static async Task<PackResult> PackAsync(
        string directory, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var scan = BundleScanner.Scan(directory, cancellationToken);
        var warnings = new List<string>(scan.Warnings);
        var files = 0;
        var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var tar = new TarBlockWriter(gzip);
            foreach (var entry in scan.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.IsDirectory)
                {
                    await tar.WriteDirectoryAsync(entry.Name, cancellationToken).ConfigureAwait(false);
                }
                else if (await TryWriteFileAsync(tar, entry, progress, cancellationToken).ConfigureAwait(false))
                {
                    files++;
                }
                else
                {
                    warnings.Add($"skipped '{entry.Name}': it was deleted while packing");
                }
            }
            await tar.FinishAsync(cancellationToken).ConfigureAwait(false);
            return new PackResult(files, tar.ContentBytes, warnings);
        }
    }

    private static async Task<bool> TryWriteFileAsync(
        TarBlockWriter tar, PackEntry entry, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        FileStream content;
        try
        {
            content = new FileStream(entry.SourcePath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        await using (content.ConfigureAwait(false))
        {
            await tar.WriteFileAsync(entry.Name, entry.Executable, content, content.Length, progress, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }
}
