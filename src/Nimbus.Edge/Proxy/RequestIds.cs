namespace Nimbus.Edge.Proxy;

/// <summary>Request ids: the client's X-Request-Id when it is sane, else a new one (a random per-process prefix and a
/// counter: unique, cheap, and sortable within one edge).</summary>
internal static class RequestIds
{
    public const string Header = "X-Request-Id";
    public const int MaxLength = 128;

    private static readonly ulong Prefix = (ulong)Random.Shared.NextInt64() & 0xFFFF_FFFF_0000_0000UL;
    private static long _counter;

    public static string Next() => NextValue().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes an id as 16 lower-case hex digits (as <see cref="Next"/> does); returns the length.</summary>
    public static int Write(ulong value, Span<byte> destination)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = (byte)"0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }
        return 16;
    }

    /// <summary>The next id as a number (written as 16 hex digits).</summary>
    public static ulong NextValue() => Prefix | (ulong)(Interlocked.Increment(ref _counter) & 0xFFFF_FFFF);

    /// <summary>Keeps a client id made of visible ASCII, at most 128 characters; anything else is replaced.</summary>
    public static bool IsAcceptable(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
