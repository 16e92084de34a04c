namespace Nimbus.Edge.Cache;

/// <summary>Limits and heuristics of the edge's shared HTTP cache (one per edge process, shared by all apps).</summary>
public sealed class HttpCacheOptions
{
    /// <summary>Total bytes the cache may hold (bodies, headers and bookkeeping); least recently used entries go first.</summary>
    public long MaxBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Largest single entry (body plus headers). Larger responses pass through and are not stored.</summary>
    public long MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Fraction of the time since <c>Last-Modified</c> used as the heuristic freshness lifetime of a response that
    /// has no explicit one (RFC 9111 4.2.2 suggests 10%).
    /// </summary>
    public double HeuristicFraction { get; set; } = 0.1;

    /// <summary>Upper bound of a heuristic freshness lifetime, so a page untouched for years is not cached for months.</summary>
    public TimeSpan MaxHeuristicFreshness { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Most variants (hosts, schemes and <c>Vary</c> values) kept for one URI; a new one replaces the oldest, so a
    /// header with unbounded values (a <c>Vary: User-Agent</c>) cannot crowd out the rest of the cache.
    /// </summary>
    public int MaxVariantsPerUri { get; set; } = 16;
}
