namespace Nimbus.Edge.Cache;

/// <summary>
/// What the cache needs to know about a stored response's age and freshness (RFC 9111 4.2), fixed when the
/// response is stored or refreshed.
/// </summary>
/// <param name="ResponseTime">When the response (or the 304 that refreshed it) arrived.</param>
/// <param name="CorrectedInitialAge">The response's age when it arrived (RFC 9111 4.2.3).</param>
/// <param name="Lifetime">Freshness lifetime: explicit, heuristic, or zero for "always revalidate".</param>
/// <param name="Directives">The response's Cache-Control directives.</param>
internal readonly record struct Freshness(
    DateTimeOffset ResponseTime,
    TimeSpan CorrectedInitialAge,
    TimeSpan Lifetime,
    CacheControlDirectives Directives)
{
    /// <summary>current_age = corrected_initial_age + resident_time (RFC 9111 4.2.3).</summary>
    public TimeSpan CurrentAge(DateTimeOffset now)
    {
        var resident = now - ResponseTime;
        return CorrectedInitialAge + (resident > TimeSpan.Zero ? resident : TimeSpan.Zero);
    }

    /// <summary>Every use needs a successful revalidation first (response <c>no-cache</c>).</summary>
    public bool AlwaysRevalidate => Directives.Has(CacheControlFlags.NoCache);

    /// <summary>Once stale the response may not be served even to a client that accepts stale (RFC 9111 5.2.2.2, 5.2.2.8, 5.2.2.10).</summary>
    public bool ForbidsStale =>
        Directives.Has(CacheControlFlags.MustRevalidate | CacheControlFlags.ProxyRevalidate | CacheControlFlags.NoCache)
        || Directives.SharedMaxAge is not null;

    /// <summary>The response may be served to a request carrying Authorization (RFC 9111 3.5).</summary>
    public bool SharableWithAuthorization =>
        Directives.Has(CacheControlFlags.Public | CacheControlFlags.MustRevalidate) || Directives.SharedMaxAge is not null;

    public bool IsPublic => Directives.Has(CacheControlFlags.Public);
}
