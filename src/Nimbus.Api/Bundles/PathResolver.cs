namespace Nimbus.Api.Bundles;

/// <summary>A managed realpath(3): resolves every symlink along a path, so a link can be checked against
/// the folder it must stay inside. Returns null for a missing component or a link loop.</summary>
internal static class PathResolver
{
    // Linux gives up (ELOOP) after 40 links; so do we.
    private const int MaxLinks = 40;
    private static readonly char[] Separators = ['/', '\\'];

    public static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var resolved = Path.GetPathRoot(full)!;
        var pending = new Stack<string>();
        PushComponents(pending, full[resolved.Length..]);
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? resolved;
                continue;
            }
            var next = Path.Join(resolved, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                if (!Path.Exists(next))
                {
                    return null;
                }
                resolved = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                return null;
            }
            if (Path.IsPathRooted(target))
            {
                // Not GetFullPath: ".." must apply after the links before it are resolved, as the kernel does.
                resolved = Path.GetPathRoot(target)!;
                target = target[resolved.Length..];
            }
            PushComponents(pending, target);
        }
        return resolved;
    }

    /// <summary>True when <paramref name="path"/> is strictly inside <paramref name="folder"/> (both real paths).</summary>
    public static bool IsInside(string folder, string path)
    {
        var prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static void PushComponents(Stack<string> pending, string relative)
    {
        var parts = relative.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
