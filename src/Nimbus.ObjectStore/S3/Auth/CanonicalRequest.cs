using System.Text;
using Microsoft.AspNetCore.Http;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>Builds SigV4's canonical request from the request as sent.</summary>
internal static class CanonicalRequest
{
    public static string Build(
        string method, RequestTarget target, bool presigned, IHeaderDictionary headers, string[] signedHeaders, string signedHeadersText, string payloadHash)
    {
        var sb = new StringBuilder(256);
        sb.Append(method).Append('\n');
        AppendUri(sb, target.RawPath);
        sb.Append('\n');
        AppendQuery(sb, target, presigned);
        sb.Append('\n');
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':');
            AppendHeaderValue(sb, headers[name]);
            sb.Append('\n');
        }
        sb.Append('\n').Append(signedHeadersText).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>Each segment between '/' decoded and re-encoded; no normalisation (S3 keys may hold "//", "." and "..").</summary>
    private static void AppendUri(StringBuilder sb, string rawPath)
    {
        var path = rawPath.AsSpan();
        foreach (var range in path.Split('/'))
        {
            if (range.Start.Value > 0)
            {
                sb.Append('/');
            }
            AwsUriEncoding.AppendCanonical(sb, path[range]);
        }
    }

    private static void AppendQuery(StringBuilder sb, RequestTarget target, bool presigned)
    {
        if (target.Query.Count == 0)
        {
            return;
        }
        var pairs = new List<(string Name, string Value)>(target.Query.Count);
        var part = new StringBuilder();
        foreach (var p in target.Query)
        {
            if (presigned && string.Equals(p.Name, "X-Amz-Signature", StringComparison.Ordinal))
            {
                continue;
            }
            part.Clear();
            AwsUriEncoding.AppendCanonical(part, p.RawName);
            var name = part.ToString();
            part.Clear();
            AwsUriEncoding.AppendCanonical(part, p.RawValue);
            pairs.Add((name, part.ToString()));
        }
        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('&');
            }
            sb.Append(pairs[i].Name).Append('=').Append(pairs[i].Value);
        }
    }

    /// <summary>Values of a repeated header joined by ','; each trimmed, inner runs of whitespace collapsed to one space.</summary>
    private static void AppendHeaderValue(StringBuilder sb, Microsoft.Extensions.Primitives.StringValues values)
    {
        for (var v = 0; v < values.Count; v++)
        {
            if (v > 0)
            {
                sb.Append(',');
            }
            var value = (values[v] ?? "").AsSpan().Trim();
            var inSpace = false;
            foreach (var c in value)
            {
                if (c is ' ' or '\t' or '\r' or '\n')
                {
                    inSpace = true;
                    continue;
                }
                if (inSpace)
                {
                    sb.Append(' ');
                    inSpace = false;
                }
                sb.Append(c);
            }
        }
    }
}
