using System.Net.Http.Headers;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Nimbus.Edge.Cache;

/// <summary>Copies upstream response headers into the form the cache stores and replays.</summary>
internal static class StoredHeaders
{
    /// <summary>
    /// Captures the headers of an upstream response, minus those a cache must not store or replay: hop-by-hop
    /// fields (RFC 9110 7.6.1) and any the Connection field names, <c>Age</c> (recomputed on every hit),
    /// <c>Set-Cookie</c> (one client's cookie must never reach another), <c>Content-Length</c> (set from the stored
    /// body) and <c>X-Cache</c>. Adds a <c>Date</c> when upstream sent none (RFC 9110 6.6.1).
    /// </summary>
    public static KeyValuePair<string, StringValues>[] Capture(HttpResponseMessage response, DateTimeOffset responseTime)
    {
        var connection = Raw(response, "Connection");
        var headers = new List<KeyValuePair<string, StringValues>>(16);
        Add(headers, response.Headers.NonValidated, connection);
        Add(headers, response.Content.Headers.NonValidated, connection);
        if (IndexOf(headers, HeaderNames.Date) < 0)
        {
            headers.Add(new(HeaderNames.Date, HeaderUtilities.FormatDate(responseTime)));
        }

        return [.. headers];
    }

    /// <summary>
    /// Updates stored headers from a 304 (RFC 9111 3.2, 4.3.4): each field the 304 carries replaces the stored one,
    /// except those never stored and those describing the stored body, which the 304 cannot change.
    /// </summary>
    public static KeyValuePair<string, StringValues>[] Merge(
        KeyValuePair<string, StringValues>[] stored, HttpResponseMessage notModified, DateTimeOffset responseTime)
    {
        var connection = Raw(notModified, "Connection");
        var updates = new List<KeyValuePair<string, StringValues>>(8);
        Add(updates, notModified.Headers.NonValidated, connection);
        Add(updates, notModified.Content.Headers.NonValidated, connection);
        if (IndexOf(updates, HeaderNames.Date) < 0)
        {
            // The stored Date is the old response's; keeping it would make the refreshed response look old.
            updates.Add(new(HeaderNames.Date, HeaderUtilities.FormatDate(responseTime)));
        }

        var merged = new List<KeyValuePair<string, StringValues>>(stored);
        foreach (var update in updates)
        {
            if (DescribesBody(update.Key))
            {
                continue;
            }

            var index = IndexOf(merged, update.Key);
            if (index >= 0)
            {
                merged[index] = update;
            }
            else
            {
                merged.Add(update);
            }
        }

        return [.. merged];
    }

    public static string? Find(KeyValuePair<string, StringValues>[] headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.ToString();
            }
        }

        return null;
    }

    /// <summary>A header of an upstream response, from either collection, without validating or parsing it.</summary>
    public static string? Raw(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values)
        || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? values.ToString()
            : null;

    public static bool Has(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.Contains(name) || response.Content.Headers.NonValidated.Contains(name);

    public static long EstimateBytes(KeyValuePair<string, StringValues>[] headers)
    {
        long bytes = 0;
        foreach (var header in headers)
        {
            bytes += 32 + (header.Key.Length * sizeof(char));
            foreach (var value in header.Value)
            {
                bytes += 24 + ((value?.Length ?? 0) * sizeof(char));
            }
        }

        return bytes;
    }

    private static void Add(List<KeyValuePair<string, StringValues>> target, HttpHeadersNonValidated source, string? connection)
    {
        foreach (var header in source)
        {
            if (IsExcluded(header.Key) || IsListed(connection, header.Key))
            {
                continue;
            }

            var values = header.Value;
            StringValues value;
            if (values.Count == 1)
            {
                value = values.ToString();
            }
            else
            {
                var array = new string[values.Count];
                var i = 0;
                foreach (var v in values)
                {
                    array[i++] = v;
                }

                value = array;
            }

            target.Add(new(header.Key, value));
        }
    }

    private static bool IsExcluded(string name) =>
        name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.KeepAlive, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ProxyConnection, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.TE, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Trailer, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ProxyAuthenticate, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authentication-Info", StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Age, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
        || name.Equals(CacheHeaders.XCache, StringComparison.OrdinalIgnoreCase);

    private static bool DescribesBody(string name) =>
        name.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ContentEncoding, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ContentRange, StringComparison.OrdinalIgnoreCase);

    private static bool IsListed(string? connection, string name)
    {
        if (connection is null)
        {
            return false;
        }

        foreach (var range in connection.AsSpan().Split(','))
        {
            if (connection.AsSpan(range).Trim(" \t").Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOf(List<KeyValuePair<string, StringValues>> headers, string name)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
