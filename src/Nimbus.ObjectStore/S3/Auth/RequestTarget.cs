using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>The request target exactly as the client sent it: raw path and raw query parameters, in order.</summary>
internal sealed class RequestTarget
{
    private RequestTarget(string rawPath, List<QueryParameter> query)
    {
        RawPath = rawPath;
        Query = query;
    }

    /// <summary>The path as sent (still percent-encoded); "/" when empty.</summary>
    public string RawPath { get; }

    public List<QueryParameter> Query { get; }

    /// <summary>The decoded value of the first query parameter named exactly <paramref name="name"/> (S3's names are case-sensitive).</summary>
    public string? Get(string name)
    {
        foreach (var p in Query)
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                return p.Value;
            }
        }
        return null;
    }

    public bool Has(string name) => Get(name) is not null;

    public static RequestTarget From(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            // Not from Kestrel (a test host, a rewrite): the escaped path is the closest to what was sent.
            raw = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        }
        return Parse(raw);
    }

    public static RequestTarget Parse(string raw)
    {
        // absolute-form (through a proxy): drop scheme and authority.
        var schemeEnd = raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? raw.IndexOf("://", StringComparison.Ordinal) + 3
            : -1;
        if (schemeEnd > 0)
        {
            var pathStart = raw.IndexOfAny(['/', '?'], schemeEnd);
            raw = pathStart < 0 ? "/" : raw[pathStart..];
        }
        var hash = raw.IndexOf('#');
        if (hash >= 0)
        {
            raw = raw[..hash];
        }
        var q = raw.IndexOf('?');
        var path = q < 0 ? raw : raw[..q];
        if (path.Length == 0)
        {
            path = "/";
        }
        var query = new List<QueryParameter>();
        if (q >= 0)
        {
            foreach (var part in raw.AsSpan(q + 1).Split('&'))
            {
                var pair = raw.AsSpan(q + 1)[part];
                if (pair.IsEmpty)
                {
                    continue;
                }
                var eq = pair.IndexOf('=');
                var rawName = (eq < 0 ? pair : pair[..eq]).ToString();
                var rawValue = eq < 0 ? "" : pair[(eq + 1)..].ToString();
                query.Add(new QueryParameter(rawName, rawValue, Unescape(rawName), Unescape(rawValue)));
            }
        }
        return new RequestTarget(path, query);
    }

    private static string Unescape(string s) => s.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(s) : s;
}
