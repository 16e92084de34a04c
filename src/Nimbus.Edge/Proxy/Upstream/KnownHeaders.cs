using System.Text;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Finds a <see cref="KnownHeader"/> by its bytes (case-insensitively) without allocating: candidates are
/// grouped by name length, so a lookup compares against one or two names.</summary>
internal static class KnownHeaders
{
    private static readonly KnownHeader[][] ByLength = Build(
    [
        .. Array.ConvertAll(HopByHopHeaders.Names, name => new KnownHeader(name, true)),
        new("Content-Type", false), new("Content-Length", false), new("Content-Encoding", false), new("Content-Language", false),
        new("Content-Location", false), new("Content-Range", false), new("Content-Disposition", false), new("Date", false),
        new("Server", false), new("Cache-Control", false), new("ETag", false), new("Expires", false), new("Last-Modified", false),
        new("Location", false), new("Set-Cookie", false), new("Vary", false), new("Age", false), new("Accept-Ranges", false),
        new("Allow", false), new("Pragma", false), new("Retry-After", false), new("Link", false), new("Alt-Svc", false),
        new("Access-Control-Allow-Origin", false), new("Access-Control-Allow-Credentials", false),
        new("Access-Control-Allow-Headers", false), new("Access-Control-Allow-Methods", false),
        new("Access-Control-Expose-Headers", false), new("Strict-Transport-Security", false), new("WWW-Authenticate", false),
        new("X-Content-Type-Options", false), new("X-Frame-Options", false), new("X-Powered-By", false), new("X-Request-Id", false),
    ]);

    public static KnownHeader? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length >= ByLength.Length)
        {
            return null;
        }
        foreach (var candidate in ByLength[name.Length])
        {
            if (Ascii.EqualsIgnoreCase(name, candidate.Bytes))
            {
                return candidate;
            }
        }
        return null;
    }

    private static KnownHeader[][] Build(KnownHeader[] all)
    {
        var max = 0;
        foreach (var h in all)
        {
            max = Math.Max(max, h.Name.Length);
        }
        var table = new KnownHeader[max + 1][];
        for (var length = 0; length <= max; length++)
        {
            table[length] = Array.FindAll(all, h => h.Name.Length == length);
        }
        return table;
    }
}
