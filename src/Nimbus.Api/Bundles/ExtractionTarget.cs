using System.Buffers;
using System.Formats.Tar;

namespace Nimbus.Api.Bundles;

/// <summary>The staging folder an extract writes into: checks each entry against the limits and the folder's
/// bounds, and keeps the running totals.</summary>
internal sealed class ExtractionTarget
{
    private const int CopyBufferSize = 128 * 1024;
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _root;
    private readonly string _rootPrefix;
    private readonly BundleLimits _limits;
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private int _entries;
    private long _bytes;

    public ExtractionTarget(string root, BundleLimits limits)
    {
        _root = root;
        _rootPrefix = root + Path.DirectorySeparatorChar;
        _limits = limits;
    }

    public async Task AddAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (++_entries > _limits.MaxEntries)
        {
            throw new InvalidBundleException(entry.Name, $"bundle has more than {_limits.MaxEntries} entries");
        }
        var segments = BundleEntryName.ToSegments(entry.Name);
        switch (entry.EntryType)
        {
            case TarEntryType.GlobalExtendedAttributes:
                return;
            case TarEntryType.Directory:
                if (segments.Length > 0)
                {
                    CreateDirectory(entry.Name, segments);
                }
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                if (segments.Length == 0)
                {
                    throw new InvalidBundleException(entry.Name, "a file entry needs a name");
                }
                await WriteFileAsync(entry, segments, cancellationToken).ConfigureAwait(false);
                return;
            default:
                throw new InvalidBundleException(entry.Name, $"is a {Describe(entry.EntryType)}; bundles may hold only regular files and folders");
        }
    }

    private void CreateDirectory(string name, string[] segments)
    {
        var path = Resolve(name, segments);
        if (File.Exists(path))
        {
            throw new InvalidBundleException(name, "a folder has the same name as a file in the bundle");
        }
        Directory.CreateDirectory(path);
        SetMode(path, executable: true);
    }

    private async Task WriteFileAsync(TarEntry entry, string[] segments, CancellationToken cancellationToken)
    {
        var name = entry.Name;
        var path = Resolve(name, segments);
        if (Directory.Exists(path) || !_files.Add(string.Join('/', segments)))
        {
            throw new InvalidBundleException(name, "the bundle holds this path more than once");
        }
        if (_bytes + entry.Length > _limits.MaxTotalBytes)
        {
            throw TooLarge(name);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None);
        await using (file.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data)
            {
                await CopyCountedAsync(name, data, file, cancellationToken).ConfigureAwait(false);
            }
        }
        SetMode(path, executable: !OperatingSystem.IsWindows() && (entry.Mode & AnyExecute) != 0);
    }

    /// <summary>Copies while counting the bytes actually written, whatever the header said.</summary>
    private async Task CopyCountedAsync(string name, Stream data, Stream file, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                _bytes += read;
                if (_bytes > _limits.MaxTotalBytes)
                {
                    throw TooLarge(name);
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The full path of an entry, checked to be strictly inside the staging folder and not below a file.</summary>
    private string Resolve(string name, string[] segments)
    {
        for (var depth = 1; depth < segments.Length; depth++)
        {
            if (_files.Contains(string.Join('/', segments.AsSpan(0, depth)!)))
            {
                throw new InvalidBundleException(name, "a folder in its path is a file in the bundle");
            }
        }
        var path = Path.GetFullPath(Path.Join(_root, Path.Join(segments)));
        if (!path.StartsWith(_rootPrefix, StringComparison.Ordinal))
        {
            throw new InvalidBundleException(name, "path leads outside the destination");
        }
        return path;
    }

    private InvalidBundleException TooLarge(string name) =>
        new(name, $"bundle unpacks to more than {_limits.MaxTotalBytes} bytes");

    private static void SetMode(string path, bool executable)
    {
        // Set after creation so the process umask cannot change what the bundle said.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, TarMode.ToUnixFileMode(executable));
        }
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "symbolic link",
        TarEntryType.HardLink => "hard link",
        TarEntryType.CharacterDevice => "character device",
        TarEntryType.BlockDevice => "block device",
        TarEntryType.Fifo => "fifo",
        _ => $"'{(char)type}' entry",
    };
}
