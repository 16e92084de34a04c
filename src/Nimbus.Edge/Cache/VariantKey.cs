using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Nimbus.Edge.Cache;

/// <summary>
/// The secondary cache key of a stored response: the scheme and host it was requested with, and the values the
/// request had for each header named in the response's <c>Vary</c> (RFC 9111 4.1). A stored response is only
/// served to a request with the same scheme, host and header values, so a variant never leaks across Vary keys.
/// </summary>
internal sealed class VariantKey
{
    private VariantKey(string scheme, string host, string[] varyNames, string?[] varyValues)
    {
        Scheme = scheme;
        Host = host;
        VaryNames = varyNames;
        VaryValues = varyValues;
    }

    public string Scheme { get; }

    public string Host { get; }

    public string[] VaryNames { get; }

    /// <summary>The request's value for each of <see cref="VaryNames"/>; null where the request did not send it.</summary>
    public string?[] VaryValues { get; }

    public static VariantKey Create(HttpRequest request, string[] varyNames)
    {
        var values = varyNames.Length == 0 ? [] : new string?[varyNames.Length];
        for (var i = 0; i < varyNames.Length; i++)
        {
            var value = request.Headers[varyNames[i]];
            values[i] = value.Count == 0 ? null : value.ToString();
        }

        return new VariantKey(request.Scheme, request.Host.Value ?? "", varyNames, values);
    }

    public bool Matches(HttpRequest request)
    {
        if (!string.Equals(Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Host, request.Host.Value ?? "", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        for (var i = 0; i < VaryNames.Length; i++)
        {
            // Values are compared exactly: a different spelling of the same preference is a miss, never a leak.
            if (!SameValue(VaryValues[i], request.Headers[VaryNames[i]]))
            {
                return false;
            }
        }

        return true;
    }

    public bool SameKeyAs(VariantKey other)
    {
        if (!string.Equals(Scheme, other.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
            || !SameVaryNames(other))
        {
            return false;
        }

        for (var i = 0; i < VaryValues.Length; i++)
        {
            if (!string.Equals(VaryValues[i], other.VaryValues[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public bool SameVaryNames(VariantKey other)
    {
        if (VaryNames.Length != other.VaryNames.Length)
        {
            return false;
        }

        for (var i = 0; i < VaryNames.Length; i++)
        {
            if (!string.Equals(VaryNames[i], other.VaryNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    public long EstimateBytes()
    {
        long bytes = (Scheme.Length + Host.Length) * sizeof(char);
        for (var i = 0; i < VaryNames.Length; i++)
        {
            bytes += (VaryNames[i].Length + (VaryValues[i]?.Length ?? 0)) * sizeof(char);
        }

        return bytes;
    }

    private static bool SameValue(string? stored, StringValues current) => current.Count switch
    {
        0 => stored is null,
        1 => string.Equals(stored, current[0], StringComparison.Ordinal),
        _ => string.Equals(stored, current.ToString(), StringComparison.Ordinal),
    };
}
