using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>Object attributes from request headers, and an object's headers on GET/HEAD responses.</summary>
internal static class ObjectHeaders
{
    private const string MetaPrefix = "x-amz-meta-";
    private const int MaxMetadataBytes = 2048;

    public static ObjectAttributes Read(HttpRequest request)
    {
        var metadata = new List<KeyValuePair<string, string>>();
        var size = 0;
        foreach (var (name, values) in request.Headers)
        {
            if (name.Length > MetaPrefix.Length && name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var key = name[MetaPrefix.Length..].ToLowerInvariant();
                var value = values.ToString();
                size += key.Length + value.Length;
                metadata.Add(new(key, value));
            }
        }
        if (size > MaxMetadataBytes)
        {
            throw new S3Exception(S3Errors.MetadataTooLarge());
        }
        metadata.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new ObjectAttributes
        {
            ContentType = Value(request, "Content-Type"),
            ContentEncoding = ContentEncoding(request),
            ContentDisposition = Value(request, "Content-Disposition"),
            ContentLanguage = Value(request, "Content-Language"),
            CacheControl = Value(request, "Cache-Control"),
            Expires = Value(request, "Expires"),
            UserMetadata = metadata,
            Tags = Tagging.ParseHeader(Value(request, "x-amz-tagging")),
        };
    }

    /// <summary>aws-chunked is transport framing, not the object's encoding: it is dropped from what is stored.</summary>
    private static string? ContentEncoding(HttpRequest request)
    {
        var value = Value(request, "Content-Encoding");
        if (value is null)
        {
            return null;
        }
        var kept = string.Join(",", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
        return kept.Length == 0 ? null : kept;
    }

    private static string? Value(HttpRequest request, string name)
    {
        var v = request.Headers[name];
        return v.Count == 0 ? null : v.ToString();
    }

    /// <summary>The headers GET and HEAD return for a version (before any response-* overrides).</summary>
    public static void Write(HttpResponse response, ObjectVersion version, bool versioned, bool includeChecksum)
    {
        var h = response.Headers;
        h.ETag = "\"" + version.ETag + "\"";
        h.LastModified = version.LastModified.ToString("r", CultureInfo.InvariantCulture);
        h.AcceptRanges = "bytes";
        var a = version.Attributes;
        h.ContentType = a.ContentType ?? "binary/octet-stream";
        Set(h, "Content-Encoding", a.ContentEncoding);
        Set(h, "Content-Disposition", a.ContentDisposition);
        Set(h, "Content-Language", a.ContentLanguage);
        Set(h, "Cache-Control", a.CacheControl);
        Set(h, "Expires", a.Expires);
        foreach (var (name, value) in a.UserMetadata)
        {
            h[MetaPrefix + name] = value;
        }
        if (a.Tags.Count > 0)
        {
            h["x-amz-tagging-count"] = a.Tags.Count.ToString(CultureInfo.InvariantCulture);
        }
        if (versioned)
        {
            h["x-amz-version-id"] = version.VersionId;
        }
        if (version.PartSizes.Count > 0)
        {
            h["x-amz-mp-parts-count"] = version.PartSizes.Count.ToString(CultureInfo.InvariantCulture);
        }
        EncryptionHeaders.Write(response, version.Encryption, version.CustomerKeyMd5);
        if (includeChecksum && version.Checksum is not null && version.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
        {
            h["x-amz-checksum-" + Checksums.Checksum.Name(version.ChecksumAlgorithm)] = version.Checksum;
            h["x-amz-checksum-type"] = version.Checksum.Contains('-') ? "COMPOSITE" : "FULL_OBJECT";
        }
    }

    /// <summary>response-content-type and friends: a presigned URL's way to set headers of the answer.</summary>
    public static void ApplyOverrides(HttpResponse response, S3Query query)
    {
        Override(response, query, "response-content-type", "Content-Type");
        Override(response, query, "response-content-language", "Content-Language");
        Override(response, query, "response-expires", "Expires");
        Override(response, query, "response-cache-control", "Cache-Control");
        Override(response, query, "response-content-disposition", "Content-Disposition");
        Override(response, query, "response-content-encoding", "Content-Encoding");
    }

    private static void Override(HttpResponse response, S3Query query, string parameter, string header)
    {
        if (query.Get(parameter) is { } value)
        {
            response.Headers[header] = value;
        }
    }

    private static void Set(IHeaderDictionary headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }
}
