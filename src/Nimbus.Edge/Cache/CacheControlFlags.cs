namespace Nimbus.Edge.Cache;

/// <summary>The valueless (or treated as valueless) Cache-Control directives of RFC 9111 section 5.2.</summary>
[Flags]
internal enum CacheControlFlags
{
    None = 0,
    NoStore = 1 << 0,

    /// <summary>Also set for the qualified form <c>no-cache="field"</c>, which RFC 9111 5.2.2.4 lets a cache treat as unqualified.</summary>
    NoCache = 1 << 1,

    /// <summary>Also set for <c>private="field"</c>: a shared cache then stores nothing rather than a partial response.</summary>
    Private = 1 << 2,
    Public = 1 << 3,
    MustRevalidate = 1 << 4,
    ProxyRevalidate = 1 << 5,
    OnlyIfCached = 1 << 6,
}
