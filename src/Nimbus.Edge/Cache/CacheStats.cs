namespace Nimbus.Edge.Cache;

/// <summary>A snapshot of the cache's counters.</summary>
/// <param name="Entries">Stored responses.</param>
/// <param name="Bytes">Bytes counted against the budget.</param>
/// <param name="Hits">Requests served from the cache, including after a 304 revalidation.</param>
/// <param name="Misses">Lookups that found nothing usable (including <c>only-if-cached</c> 504s).</param>
/// <param name="Revalidations">Lookups that sent a stored response's validators upstream.</param>
/// <param name="Evictions">Entries removed to stay within the byte budget or the variants-per-URI limit.</param>
public readonly record struct CacheStats(long Entries, long Bytes, long Hits, long Misses, long Revalidations, long Evictions);
