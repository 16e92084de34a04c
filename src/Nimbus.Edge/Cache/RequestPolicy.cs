using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Nimbus.Edge.Cache;

/// <summary>The rules deciding whether a request may be served from, or its response stored in, the shared cache.</summary>
internal static class RequestPolicy
{
    /// <summary>The request's Cache-Control; <c>Pragma: no-cache</c> counts as <c>no-cache</c> when Cache-Control is absent (RFC 9111 5.4).</summary>
    public static CacheControlDirectives Directives(HttpRequest request)
    {
        var headers = request.Headers;
        var cacheControl = headers.CacheControl;
        if (cacheControl.Count > 0)
        {
            return CacheControlDirectives.Parse(cacheControl);
        }

        var pragma = headers.Pragma;
        return pragma.Count > 0 && pragma.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase)
            ? new CacheControlDirectives { Flags = CacheControlFlags.NoCache }
            : default;
    }

    /// <summary>
    /// A request with Authorization may use a shared entry only if the response allowed it (<c>public</c>,
    /// <c>s-maxage</c> or <c>must-revalidate</c>, RFC 9111 3.5). A request with Cookie only if the response said
    /// <c>public</c>: the app may personalise by cookie without saying <c>Vary: Cookie</c>.
    /// </summary>
    public static bool MayServe(CachedResponse entry, HttpRequest request)
    {
        var freshness = entry.Head.Freshness;
        var headers = request.Headers;
        return (headers.Authorization.Count == 0 || freshness.SharableWithAuthorization)
            && (headers.Cookie.Count == 0 || freshness.IsPublic);
    }

    /// <summary>The storage rules of RFC 9111 3 for a shared cache, plus the conservative Cookie and Set-Cookie rules.</summary>
    public static bool MayStore(in CacheControlDirectives response, HttpRequest request, HttpResponseMessage upstream)
    {
        if (response.Has(CacheControlFlags.NoStore | CacheControlFlags.Private))
        {
            return false;
        }

        var isPublic = response.Has(CacheControlFlags.Public);
        var headers = request.Headers;
        if (headers.Authorization.Count > 0
            && !(isPublic || response.Has(CacheControlFlags.MustRevalidate) || response.SharedMaxAge is not null))
        {
            return false;
        }

        // Set-Cookie is never stored (StoredHeaders drops it); without "public" its presence says the page is per user.
        if (!isPublic && (headers.Cookie.Count > 0 || StoredHeaders.Has(upstream, HeaderNames.SetCookie)))
        {
            return false;
        }

        return !StoredHeaders.Has(upstream, HeaderNames.ContentRange);
    }

    /// <summary>
    /// Whether a stored response may be served without asking upstream (RFC 9111 4.2, 5.2.1): fresh, or stale within
    /// the client's <c>max-stale</c> when the response allows it; within the client's <c>max-age</c> and
    /// <c>min-fresh</c>; and neither side said <c>no-cache</c>. A request <c>max-age=0</c> always revalidates.
    /// </summary>
    public static bool IsUsableWithoutValidation(in Freshness freshness, in CacheControlDirectives request, DateTimeOffset now)
    {
        if (freshness.AlwaysRevalidate || request.Has(CacheControlFlags.NoCache))
        {
            return false;
        }

        var age = freshness.CurrentAge(now);
        var lifetime = freshness.Lifetime;
        if (request.MaxAge is { } maxAge && (maxAge == TimeSpan.Zero || age > maxAge))
        {
            return false;
        }

        if (request.MinFresh is { } minFresh && lifetime - age < minFresh)
        {
            return false;
        }

        if (lifetime > age)
        {
            return true;
        }

        return request.MaxStale is { } maxStale && !freshness.ForbidsStale
            && (maxStale == TimeSpan.MaxValue || age - lifetime <= maxStale);
    }
}
