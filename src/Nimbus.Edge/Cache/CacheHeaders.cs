using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Nimbus.Edge.Cache;

/// <summary>The <c>X-Cache</c> header the edge adds to every response of a cache-enabled app.</summary>
public static class CacheHeaders
{
    /// <summary>Header name: <c>X-Cache</c>.</summary>
    public const string XCache = "X-Cache";

    /// <summary>Served from the cache, including after a successful revalidation (upstream 304).</summary>
    public static readonly StringValues Hit = "HIT";

    /// <summary>Forwarded upstream and served from its response.</summary>
    public static readonly StringValues Miss = "MISS";

    /// <summary>Marks a response the proxy forwarded: call before the response starts.</summary>
    public static void MarkMiss(HttpResponse response) => response.Headers[XCache] = Miss;
}
