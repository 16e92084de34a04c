namespace Nimbus.Api.Bundles;

/// <summary>The patterns of one ignore file, applied to paths relative to the folder it sits in.</summary>
internal sealed class IgnoreFile
{
    private readonly IgnorePattern[] _patterns;

    public IgnoreFile(IEnumerable<string> lines)
    {
        var patterns = new List<IgnorePattern>();
        foreach (var line in lines)
        {
            if (IgnorePattern.Parse(line) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }
        _patterns = [.. patterns];
    }

    public bool IsEmpty => _patterns.Length == 0;

    /// <summary>Reads an ignore file; null when there is none. A symlinked ignore file is not followed.</summary>
    public static IgnoreFile? TryRead(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null)
        {
            return null;
        }
        var file = new IgnoreFile(File.ReadLines(path));
        return file.IsEmpty ? null : file;
    }

    /// <summary>The last pattern that matches wins, as in git.</summary>
    public IgnoreMatch Match(ReadOnlySpan<string> path, bool isDirectory)
    {
        for (var i = _patterns.Length - 1; i >= 0; i--)
        {
            if (_patterns[i].Matches(path, isDirectory))
            {
                return _patterns[i].Negated ? IgnoreMatch.Included : IgnoreMatch.Ignored;
            }
        }
        return IgnoreMatch.None;
    }
}
