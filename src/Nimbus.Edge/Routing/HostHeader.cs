namespace Nimbus.Edge.Routing;

/// <summary>The host part of a Host header (or :authority), without allocating: port, IPv6 brackets and a trailing
/// dot removed. Case is left alone (the route table compares ignoring case).</summary>
internal static class HostHeader
{
    public static ReadOnlySpan<char> HostOf(ReadOnlySpan<char> header)
    {
        header = header.Trim();
        if (header.Length > 0 && header[0] == '[')
        {
            var close = header.IndexOf(']');
            return close < 0 ? header : header[..(close + 1)];
        }
        var colon = header.LastIndexOf(':');
        if (colon >= 0)
        {
            header = header[..colon];
        }
        if (header.Length > 1 && header[^1] == '.')
        {
            header = header[..^1];
        }
        return header;
    }
}
