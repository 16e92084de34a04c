namespace Nimbus.Api.Bundles;

/// <summary>Matches one path segment against one gitignore pattern segment: <c>*</c>, <c>?</c>,
/// <c>[a-z]</c>/<c>[!a-z]</c> classes and backslash escapes. Neither side contains '/'.</summary>
internal static class Glob
{
    public static bool MatchSegment(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0;
        int starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    while (p < pattern.Length && pattern[p] == '*')
                    {
                        p++;
                    }
                    starP = p;
                    starT = t;
                    continue;
                }
                if (c == '?')
                {
                    p++;
                    t++;
                    continue;
                }
                if (c == '[')
                {
                    var next = MatchClass(pattern, p, text[t]);
                    if (next >= 0)
                    {
                        p = next;
                        t++;
                        continue;
                    }
                    if (next == NoMatch)
                    {
                        goto Backtrack;
                    }
                    // An unclosed '[' is an ordinary character, as in git.
                }
                else if (c == '\\' && p + 1 < pattern.Length)
                {
                    if (pattern[p + 1] == text[t])
                    {
                        p += 2;
                        t++;
                        continue;
                    }
                    goto Backtrack;
                }
                if (c == text[t])
                {
                    p++;
                    t++;
                    continue;
                }
            }

        Backtrack:
            if (starP < 0)
            {
                return false;
            }
            p = starP;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    private const int NoMatch = -1;
    private const int Unclosed = -2;

    /// <summary>Returns the index after the closing ']' when <paramref name="ch"/> is in the class
    /// starting at <paramref name="start"/>, <see cref="NoMatch"/> when it is not, <see cref="Unclosed"/> when there is no ']'.</summary>
    private static int MatchClass(ReadOnlySpan<char> pattern, int start, char ch)
    {
        var i = start + 1;
        var negate = i < pattern.Length && pattern[i] is '!' or '^';
        if (negate)
        {
            i++;
        }
        var matched = false;
        var first = true;
        while (i < pattern.Length)
        {
            var lo = pattern[i];
            if (lo == ']' && !first)
            {
                return matched != negate ? i + 1 : NoMatch;
            }
            first = false;
            if (lo == '\\' && i + 1 < pattern.Length)
            {
                lo = pattern[++i];
            }
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                i += 2;
                var hi = pattern[i];
                if (hi == '\\' && i + 1 < pattern.Length)
                {
                    hi = pattern[++i];
                }
                matched |= lo <= ch && ch <= hi;
            }
            else
            {
                matched |= lo == ch;
            }
            i++;
        }
        return Unclosed;
    }
}
