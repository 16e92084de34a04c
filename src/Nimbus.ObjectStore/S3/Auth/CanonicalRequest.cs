using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>Builds SigV4's canonical request from the request as sent.</summary>
internal static class CanonicalRequest
{
    /// <summary>A builder and an encoder per thread: a request's canonical form is built, hashed and forgotten without
    /// allocating.</summary>
    [ThreadStatic]
    private static StringBuilder? t_builder;
    [ThreadStatic]
    private static Encoder? t_encoder;

    public static string Build(
        string method, RequestTarget target, bool presigned, IHeaderDictionary headers, string[] signedHeaders, string signedHeadersText, string payloadHash) =>
        Fill(new StringBuilder(256), method, target, presigned, headers, signedHeaders, signedHeadersText, payloadHash).ToString();

    /// <summary>The SHA-256 of the canonical request's UTF-8 (what the string to sign carries), into
    /// <paramref name="sha256"/>; no string is made (<see cref="Build"/> makes one when a failed check must show it).</summary>
    public static void Hash(
        string method, RequestTarget target, bool presigned, IHeaderDictionary headers, string[] signedHeaders, string signedHeadersText, string payloadHash,
        Span<byte> sha256)
    {
        var sb = t_builder ??= new StringBuilder(1024);
        sb.Clear();
        Fill(sb, method, target, presigned, headers, signedHeaders, signedHeadersText, payloadHash);
        // One stateful encoder across the builder's chunks: a chunk may end between the two halves of a surrogate pair.
        var encoder = t_encoder ??= Encoding.UTF8.GetEncoder();
        encoder.Reset();
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(sb.Length));
        try
        {
            var length = 0;
            foreach (var chunk in sb.GetChunks())
            {
                length += encoder.GetBytes(chunk.Span, bytes.AsSpan(length), flush: false);
            }
            length += encoder.GetBytes([], bytes.AsSpan(length), flush: true);
            SHA256.HashData(bytes.AsSpan(0, length), sha256);
        }
        finally
        {
            // Signed headers may carry secrets (an SSE-C customer key): neither buffer keeps them past this request.
            bytes.AsSpan().Clear();
            ArrayPool<byte>.Shared.Return(bytes);
            foreach (var chunk in sb.GetChunks())
            {
                System.Runtime.InteropServices.MemoryMarshal.AsMemory(chunk).Span.Clear();
            }
            sb.Clear();
            if (sb.Capacity > 64 * 1024)
            {
                t_builder = null; // one huge request does not pin its buffer to the thread
            }
        }
    }

    private static StringBuilder Fill(
        StringBuilder sb, string method, RequestTarget target, bool presigned, IHeaderDictionary headers, string[] signedHeaders, string signedHeadersText,
        string payloadHash)
    {
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
        return sb.Append('\n').Append(signedHeadersText).Append('\n').Append(payloadHash);
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
