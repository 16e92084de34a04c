namespace Nimbus.Api.Bundles;

/// <summary>
/// Decides which files of an app folder go into a bundle, with git's rules: a <c>.gitignore</c> in any
/// folder (its patterns relative to that folder, deeper files overriding shallower ones) and a
/// <c>.nimbusignore</c> at the root, same syntax, applied last so it overrides them all.
/// <c>.git</c> is always left out, and nothing inside an ignored folder can be brought back.
/// Ignore files are read lazily as folders are asked about; an instance is not thread-safe.
/// </summary>
public sealed class IgnoreRules
{
    public const string GitIgnoreFileName = ".gitignore";
    public const string NimbusIgnoreFileName = ".nimbusignore";
    private const string GitDirectoryName = ".git";

    private readonly string _root;
    private readonly IgnoreFile? _nimbusIgnore;
    private readonly Dictionary<string, IgnoreFile?> _gitIgnores = new(StringComparer.Ordinal);

    private IgnoreRules(string root)
    {
        _root = root;
        _nimbusIgnore = IgnoreFile.TryRead(Path.Join(root, NimbusIgnoreFileName));
    }

    /// <summary>Rules for the folder <paramref name="rootDirectory"/>.</summary>
    public static IgnoreRules Load(string rootDirectory) => new(Path.GetFullPath(rootDirectory));

    /// <summary>True when the path (relative to the root, '/'-separated) is left out of a bundle,
    /// either itself or because a folder above it is.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return false;
        }
        for (var depth = 1; depth < segments.Length; depth++)
        {
            if (IsIgnoredItself(segments.AsSpan(0, depth), isDirectory: true))
            {
                return true;
            }
        }
        return IsIgnoredItself(segments, isDirectory);
    }

    /// <summary>Decides for a path whose parent folders are known not to be ignored (a walk that does not
    /// descend into ignored folders asks only this).</summary>
    internal bool IsIgnoredItself(ReadOnlySpan<string> segments, bool isDirectory)
    {
        if (segments[^1] == GitDirectoryName)
        {
            return true;
        }
        var match = _nimbusIgnore?.Match(segments, isDirectory) ?? IgnoreMatch.None;
        // The .gitignore nearest the path has the last word among .gitignore files.
        for (var depth = segments.Length - 1; match == IgnoreMatch.None && depth >= 0; depth--)
        {
            var file = GitIgnoreAt(segments[..depth]);
            if (file is not null)
            {
                match = file.Match(segments[depth..], isDirectory);
            }
        }
        return match == IgnoreMatch.Ignored;
    }

    private IgnoreFile? GitIgnoreAt(ReadOnlySpan<string> folder)
    {
        var key = string.Join('/', folder);
        if (!_gitIgnores.TryGetValue(key, out var file))
        {
            file = IgnoreFile.TryRead(Path.Join(_root, key, GitIgnoreFileName));
            _gitIgnores[key] = file;
        }
        return file;
    }
}
