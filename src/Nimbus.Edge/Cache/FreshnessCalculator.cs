using Microsoft.Net.Http.Headers;

namespace Nimbus.Edge.Cache;

/// <summary>Freshness lifetime and age of a response per RFC 9111 4.2.1–4.2.3.</summary>
internal static class FreshnessCalculator
{
    /// <summary>
    /// Computes a response's freshness, or null when it has none the cache can use: no <c>s-maxage</c>,
    /// <c>max-age</c> or <c>Expires</c>, no usable <c>Last-Modified</c> for the heuristic, and no <c>no-cache</c>
    /// (which is stored with a zero lifetime, to be revalidated on every use).
    /// </summary>
    public static Freshness? Compute(
        in CacheControlDirectives directives,
        int statusCode,
        string? date,
        string? expires,
        string? lastModified,
        string? age,
        DateTimeOffset requestTime,
        DateTimeOffset responseTime,
        HttpCacheOptions options)
    {
        var dateValue = TryParseDate(date) ?? responseTime;
        TimeSpan lifetime;
        if (directives.SharedMaxAge is { } sharedMaxAge)
        {
            // A shared cache uses s-maxage over max-age and Expires (RFC 9111 4.2.1).
            lifetime = sharedMaxAge;
        }
        else if (directives.MaxAge is { } maxAge)
        {
            lifetime = maxAge;
        }
        else if (expires is not null)
        {
            // An invalid Expires ("0", "-1") means already expired (RFC 9111 5.3).
            var expiresValue = TryParseDate(expires);
            lifetime = expiresValue is { } e && e > dateValue ? e - dateValue : TimeSpan.Zero;
        }
        else if ((IsHeuristicallyCacheable(statusCode) || directives.Has(CacheControlFlags.Public))
            && TryParseDate(lastModified) is { } modified && modified < dateValue)
        {
            var heuristic = TimeSpan.FromTicks((long)((dateValue - modified).Ticks * options.HeuristicFraction));
            lifetime = heuristic < options.MaxHeuristicFreshness ? heuristic : options.MaxHeuristicFreshness;
        }
        else if (directives.Has(CacheControlFlags.NoCache))
        {
            lifetime = TimeSpan.Zero;
        }
        else
        {
            return null;
        }

        var apparentAge = Positive(responseTime - dateValue);
        var responseDelay = Positive(responseTime - requestTime);
        var correctedAgeValue = ParseAge(age) + responseDelay;
        var correctedInitialAge = apparentAge > correctedAgeValue ? apparentAge : correctedAgeValue;
        return new Freshness(responseTime, correctedInitialAge, lifetime, directives);
    }

    /// <summary>Status codes RFC 9110 15.1 defines as heuristically cacheable (206 left out: ranges are not stored).</summary>
    public static bool IsHeuristicallyCacheable(int statusCode) =>
        statusCode is 200 or 203 or 204 or 300 or 301 or 308 or 404 or 405 or 410 or 414 or 501;

    /// <summary>Status codes whose caching rules this cache understands; others are never stored.</summary>
    public static bool IsUnderstood(int statusCode) =>
        IsHeuristicallyCacheable(statusCode) || statusCode is 302 or 307;

    public static DateTimeOffset? TryParseDate(string? value) =>
        value is not null && HeaderUtilities.TryParseDate(value, out var result) ? result : null;

    private static TimeSpan ParseAge(string? age)
    {
        if (age is null)
        {
            return TimeSpan.Zero;
        }

        var span = age.AsSpan().Trim();
        var comma = span.IndexOf(',');
        if (comma >= 0)
        {
            span = span[..comma].TrimEnd();
        }

        return long.TryParse(span, System.Globalization.NumberStyles.None, null, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue))
            : TimeSpan.Zero;
    }

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.Zero;
}
