namespace Nimbus.Api.Bundles;

/// <summary>Walks an app folder and lists what goes into its bundle, in ordinal order, with warnings for
/// what had to be left out (symlinks that leave the folder or point at folders, fifos, sockets, devices).</summary>
internal sealed class BundleScanner
{
    private static readonly EnumerationOptions ListOnly = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    private readonly string _root;
    private readonly string _realRoot;
    private readonly IgnoreRules _rules;
    private readonly List<PackEntry> _entries = [];
    private readonly List<string> _warnings = [];

    private BundleScanner(string root, string realRoot)
    {
        _root = root;
        _realRoot = realRoot;
        _rules = IgnoreRules.Load(root);
    }

    public IReadOnlyList<PackEntry> Entries => _entries;

    public IReadOnlyList<string> Warnings => _warnings;

    public static BundleScanner Scan(string directory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"App folder '{root}' does not exist.");
        }
        var scanner = new BundleScanner(root, PathResolver.RealPath(root) ?? root);
        scanner.Walk([], cancellationToken);
        scanner._entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return scanner;
    }

    private void Walk(string[] folder, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = folder.Length == 0 ? _root : Path.Join(_root, string.Join('/', folder));
        foreach (var info in new DirectoryInfo(path).EnumerateFileSystemInfos("*", ListOnly))
        {
            string[] segments = [.. folder, info.Name];
            var name = string.Join('/', segments);
            var isLink = info.LinkTarget is not null;
            var isDirectory = !isLink && info is DirectoryInfo;
            if (_rules.IsIgnoredItself(segments, isDirectory))
            {
                continue;
            }
            if (isDirectory)
            {
                _entries.Add(new PackEntry(name + "/", null, Executable: true));
                Walk(segments, cancellationToken);
            }
            else if (isLink)
            {
                AddLink(name, info);
            }
            else if (FileKindProbe.IsRegularFile((FileInfo)info))
            {
                _entries.Add(new PackEntry(name, info.FullName, IsExecutable(info)));
            }
            else
            {
                _warnings.Add($"skipped '{name}': not a regular file (fifo, socket or device)");
            }
        }
    }

    private void AddLink(string name, FileSystemInfo link)
    {
        var target = PathResolver.RealPath(link.FullName);
        if (target is null)
        {
            _warnings.Add($"skipped symlink '{name}' -> '{link.LinkTarget}': target does not exist");
            return;
        }
        if (!PathResolver.IsInside(_realRoot, target))
        {
            _warnings.Add($"skipped symlink '{name}' -> '{link.LinkTarget}': it points outside the app folder");
            return;
        }
        if (Directory.Exists(target))
        {
            _warnings.Add($"skipped symlink '{name}' -> '{link.LinkTarget}': links to folders are not followed");
            return;
        }
        var file = new FileInfo(target);
        if (!FileKindProbe.IsRegularFile(file))
        {
            _warnings.Add($"skipped symlink '{name}' -> '{link.LinkTarget}': target is not a regular file");
            return;
        }
        _entries.Add(new PackEntry(name, target, IsExecutable(file)));
    }

    private static bool IsExecutable(FileSystemInfo file)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (file.UnixFileMode & anyExecute) != 0;
    }
}
