using Microsoft.Extensions.Primitives;

namespace Nimbus.Edge.Proxy;

/// <summary>Headers that belong to one connection, not to the message (RFC 9110 7.6.1), so a proxy never forwards them,
/// plus any header the Connection header names.</summary>
internal static class HopByHopHeaders
{
    /// <summary>Always hop-by-hop (plus Expect and Host, which the edge sets itself on the way to an instance).</summary>
    public static readonly string[] Names =
    [
        "Connection", "Proxy-Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authorization", "Expect", "Host",
    ];

    private static readonly HashSet<string> Fixed = new(Names, StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FixedLookup = Fixed.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsFixed(string name) => Fixed.Contains(name);

    /// <summary>True when <paramref name="name"/> is hop-by-hop, either always or because <paramref name="connection"/>
    /// (the message's Connection header) lists it.</summary>
    public static bool Contains(string name, StringValues connection)
    {
        if (Fixed.Contains(name))
        {
            return true;
        }
        if (connection.Count == 0)
        {
            return false;
        }
        foreach (var value in connection)
        {
            if (Lists(value, name))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A client request header the edge does not pass on as is: hop-by-hop, an HTTP/2 pseudo-header, or one the
    /// edge writes itself (X-Request-Id, X-Forwarded-*). The one rule both forwarders follow.</summary>
    public static bool NotForwarded(string name, StringValues connection) =>
        Contains(name, connection) || name.StartsWith(':') ||
        name.Equals(RequestIds.Header, StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase) ||
        name.Equals(TraceContext.Header, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a comma-separated Connection value names <paramref name="name"/> (never allocates).</summary>
    public static bool Lists(ReadOnlySpan<char> connection, string name)
    {
        foreach (var range in connection.Split(','))
        {
            var token = connection[range].Trim();
            if (token.Equals(name, StringComparison.OrdinalIgnoreCase) && !FixedLookup.Contains(token))
            {
                return true;
            }
        }
        return false;
    }
}
