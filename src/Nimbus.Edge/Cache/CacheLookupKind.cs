namespace Nimbus.Edge.Cache;

/// <summary>What the proxy does with a request after <see cref="HttpResponseCache.Lookup"/>.</summary>
public enum CacheLookupKind
{
    /// <summary>The cache does not take part: forward, and do not store the response (method not GET/HEAD, <c>no-store</c>, ranges, preconditions).</summary>
    Bypass,

    /// <summary>Nothing usable stored: forward (marking the response MISS) and offer the response to <see cref="HttpResponseCache.BeginStore"/>.</summary>
    Miss,

    /// <summary>Serve <see cref="CacheLookup.Entry"/> with <see cref="HttpResponseCache.WriteAsync"/>; do not forward.</summary>
    Hit,

    /// <summary>
    /// A stored response needs revalidation: forward with <see cref="CacheLookup.AddValidators"/>; on 304 call
    /// <see cref="HttpResponseCache.Refresh"/> then <see cref="HttpResponseCache.WriteAsync"/>; otherwise treat as a miss.
    /// </summary>
    Revalidate,

    /// <summary>The client sent <c>only-if-cached</c> and nothing usable is stored: answer 504 without forwarding.</summary>
    GatewayTimeout,
}
