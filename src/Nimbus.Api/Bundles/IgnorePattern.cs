namespace Nimbus.Api.Bundles;

/// <summary>One line of a .gitignore: a pattern, whether it negates, is anchored or matches only directories.</summary>
internal sealed class IgnorePattern
{
    private const string GlobStar = "**";
    private readonly string[] _segments;

    private IgnorePattern(string[] segments, bool negated, bool anchored, bool directoryOnly)
    {
        _segments = segments;
        Negated = negated;
        Anchored = anchored;
        DirectoryOnly = directoryOnly;
    }

    public bool Negated { get; }

    /// <summary>True when the pattern is matched against the whole path from the ignore file's folder,
    /// false when it is matched against the last segment at any depth.</summary>
    public bool Anchored { get; }

    public bool DirectoryOnly { get; }

    /// <summary>Parses a line; null for blank lines and comments.</summary>
    public static IgnorePattern? Parse(string line)
    {
        var text = line.AsSpan().TrimEnd('\r');
        // Trailing spaces go unless escaped ("foo\ " keeps one space, matched as an escaped literal).
        var end = text.Length;
        while (end > 0 && text[end - 1] == ' ' && !(end >= 2 && text[end - 2] == '\\'))
        {
            end--;
        }
        text = text[..end];
        if (text.IsEmpty || text[0] == '#')
        {
            return null;
        }

        var negated = text[0] == '!';
        if (negated)
        {
            text = text[1..];
        }
        var directoryOnly = text.Length > 0 && text[^1] == '/';
        if (directoryOnly)
        {
            text = text[..^1];
        }
        var anchored = text.Contains('/');
        if (text.Length > 0 && text[0] == '/')
        {
            text = text[1..];
        }
        if (text.IsEmpty)
        {
            return null;
        }
        var segments = text.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new IgnorePattern(segments, negated, anchored, directoryOnly);
    }

    /// <summary>Matches a path given as segments relative to the ignore file's folder.</summary>
    public bool Matches(ReadOnlySpan<string> path, bool isDirectory)
    {
        if (DirectoryOnly && !isDirectory)
        {
            return false;
        }
        if (!Anchored)
        {
            return Glob.MatchSegment(_segments[0], path[^1]);
        }
        return MatchFrom(0, path);
    }

    private bool MatchFrom(int p, ReadOnlySpan<string> path)
    {
        var s = 0;
        while (p < _segments.Length)
        {
            if (_segments[p] == GlobStar)
            {
                // "a/**" matches what is inside a, not a itself; "**/" and "/**/" match zero or more folders.
                if (p == _segments.Length - 1)
                {
                    return s < path.Length;
                }
                for (var skip = s; skip <= path.Length; skip++)
                {
                    if (MatchFrom(p + 1, path[skip..]))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (s >= path.Length || !Glob.MatchSegment(_segments[p], path[s]))
            {
                return false;
            }
            p++;
            s++;
        }
        return s == path.Length;
    }
}
