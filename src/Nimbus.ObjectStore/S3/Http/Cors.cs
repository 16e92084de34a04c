using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>A bucket's CORS rules: parsing the configuration, and matching a preflight or an actual cross-origin request
/// against them (the first rule that allows the origin, method and every requested header wins), as S3 does.</summary>
internal static class Cors
{
    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    public static IReadOnlyList<CorsRule> Parse(XElement root)
    {
        var rules = new List<CorsRule>();
        foreach (var rule in root.Children("CORSRule"))
        {
            var origins = Values(rule, "AllowedOrigin");
            var methods = Values(rule, "AllowedMethod");
            if (origins.Count == 0 || methods.Count == 0)
            {
                throw new S3Exception(S3Errors.MalformedXml("every CORSRule needs at least one AllowedOrigin and one AllowedMethod"));
            }
            foreach (var m in methods)
            {
                if (Array.IndexOf(Methods, m) < 0)
                {
                    throw new S3Exception(S3Errors.InvalidRequest($"Found unsupported HTTP method in CORS config. Unsupported method is {m}; use GET, PUT, POST, DELETE or HEAD."));
                }
            }
            foreach (var pattern in origins.Concat(Values(rule, "AllowedHeader")))
            {
                if (pattern.IndexOf('*') != pattern.LastIndexOf('*'))
                {
                    throw new S3Exception(S3Errors.InvalidRequest($"AllowedOrigin/AllowedHeader '{pattern}' can not have more than one wildcard."));
                }
            }
            int? maxAge = null;
            if (rule.ChildValue("MaxAgeSeconds") is { } age)
            {
                maxAge = int.TryParse(age, out var a) && a >= 0 ? a : throw new S3Exception(S3Errors.MalformedXml("MaxAgeSeconds must be a non-negative integer"));
            }
            rules.Add(new CorsRule(rule.ChildValue("ID"), origins, methods, Values(rule, "AllowedHeader"), Values(rule, "ExposeHeader"), maxAge));
        }
        if (rules.Count is 0 or > 100)
        {
            throw new S3Exception(S3Errors.MalformedXml("a CORS configuration holds between 1 and 100 CORSRule elements"));
        }
        return rules;
    }

    private static List<string> Values(XElement rule, string name) => [.. rule.Children(name).Select(e => e.Value.Trim())];

    /// <summary>The rule that allows this origin, method and these request headers, if any.</summary>
    public static CorsRule? Match(IReadOnlyList<CorsRule>? rules, string origin, string method, IEnumerable<string> requestHeaders)
    {
        if (rules is null)
        {
            return null;
        }
        foreach (var rule in rules)
        {
            if (!rule.AllowedMethods.Contains(method) || !rule.AllowedOrigins.Any(o => Wildcard(o, origin)))
            {
                continue;
            }
            if (requestHeaders.All(h => rule.AllowedHeaders.Any(a => Wildcard(a, h, ignoreCase: true))))
            {
                return rule;
            }
        }
        return null;
    }

    /// <summary>Adds the Access-Control-* headers a matched rule grants.</summary>
    public static void Apply(HttpResponse response, CorsRule rule, string origin, bool preflight)
    {
        var h = response.Headers;
        h.AccessControlAllowOrigin = rule.AllowedOrigins.Contains("*") ? "*" : origin;
        if (!rule.AllowedOrigins.Contains("*"))
        {
            h.AccessControlAllowCredentials = "true";
            h.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
        }
        if (preflight)
        {
            h.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
            var requested = response.HttpContext.Request.Headers.AccessControlRequestHeaders.ToString();
            if (requested.Length > 0)
            {
                h.AccessControlAllowHeaders = requested;
            }
            if (rule.MaxAgeSeconds is { } age)
            {
                h.AccessControlMaxAge = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        if (rule.ExposeHeaders.Count > 0)
        {
            h.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
        }
    }

    /// <summary>S3 patterns allow one '*' anywhere (e.g. http://*.example.com).</summary>
    private static bool Wildcard(string pattern, string value, bool ignoreCase = false)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return string.Equals(pattern, value, comparison);
        }
        var head = pattern.AsSpan(0, star);
        var tail = pattern.AsSpan(star + 1);
        return value.Length >= head.Length + tail.Length && value.AsSpan().StartsWith(head, comparison) && value.AsSpan().EndsWith(tail, comparison);
    }
}
