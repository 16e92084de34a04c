using Microsoft.AspNetCore.Http;

namespace Nimbus.Edge.Cache;

/// <summary>
/// The primary cache key within one app: the request's path and query (as ASP.NET Core decodes them). Scheme, host
/// and <c>Vary</c> values are the secondary key (<see cref="VariantKey"/>), so invalidating a URI reaches every
/// host name of the app.
/// </summary>
internal readonly record struct ResourceKey(string Path, string Query)
{
    public static ResourceKey From(HttpRequest request) =>
        new(request.Path.HasValue ? request.Path.Value! : "/", request.QueryString.Value ?? "");
}
