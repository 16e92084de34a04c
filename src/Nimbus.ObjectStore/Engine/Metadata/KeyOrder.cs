using System.Text;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// S3 lists keys in UTF-8 byte order, which is code point order. SQLite's BINARY collation compares the stored UTF-8
/// with memcmp, so it agrees; .NET's ordinal comparison does not (it compares UTF-16 code units, which puts
/// U+E000..U+FFFF after the surrogates that encode higher code points). These helpers build the bounds the listing
/// queries seek to, so no page ever scans keys it does not return.
/// </summary>
internal static class KeyOrder
{
    /// <summary>Compares in code point (UTF-8 byte) order.</summary>
    public static int Compare(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x != y)
            {
                return Fix(x) - Fix(y);
            }
        }
        return a.Length - b.Length;
    }

    // Surrogates (code points above U+FFFF) must sort after U+E000..U+FFFF; shift both ranges so they do.
    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;

    /// <summary>
    /// The smallest string greater than every string starting with <paramref name="prefix"/>: the prefix with its last
    /// code point incremented (dropping trailing U+10FFFF). Null when there is none (empty prefix or all U+10FFFF).
    /// </summary>
    public static string? PrefixEnd(string prefix)
    {
        var end = prefix.Length;
        while (end > 0)
        {
            var start = end - 1;
            if (char.IsLowSurrogate(prefix[start]) && start > 0 && char.IsHighSurrogate(prefix[start - 1]))
            {
                start--;
            }
            var value = Rune.TryGetRuneAt(prefix, start, out var rune) ? rune.Value : prefix[start];
            if (value < 0x10FFFF)
            {
                var next = value + 1;
                if (next is >= 0xD800 and <= 0xDFFF)
                {
                    next = 0xE000;
                }
                return string.Concat(prefix.AsSpan(0, start), new Rune(next).ToString());
            }
            end = start;
        }
        return null;
    }

    /// <summary>The smallest string greater than <paramref name="key"/>: turns an exclusive bound into an inclusive one.</summary>
    public static string Successor(string key) => key + '\0';

    /// <summary>The larger of two strings in key order.</summary>
    public static string Max(string a, string b) => Compare(a, b) >= 0 ? a : b;
}
