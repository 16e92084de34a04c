using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>
/// S3's conditional reads (GET/HEAD, and a copy's source with the x-amz-copy-source-if-* names): If-Match and
/// If-Unmodified-Since fail with 412; If-None-Match and If-Modified-Since give 304. When If-Match holds, a false
/// If-Unmodified-Since is ignored; when If-None-Match is present, If-Modified-Since is ignored (RFC 9110 13.2.2).
/// </summary>
internal static class Conditions
{
    public enum Outcome { Proceed, NotModified, PreconditionFailed }

    public static Outcome Evaluate(HttpRequest request, ObjectVersion version, string prefix = "")
    {
        var ifMatch = request.Headers[prefix + "If-Match"].ToString();
        var ifNoneMatch = request.Headers[prefix + "If-None-Match"].ToString();
        var ifUnmodified = request.Headers[prefix + "If-Unmodified-Since"].ToString();
        var ifModified = request.Headers[prefix + "If-Modified-Since"].ToString();
        // HTTP dates have whole seconds; compare on the same footing.
        var modified = version.LastModified.ToUnixTimeSeconds();
        if (ifMatch.Length > 0)
        {
            if (!Matches(ifMatch, version.ETag))
            {
                return Outcome.PreconditionFailed;
            }
        }
        else if (TryDate(ifUnmodified, out var since) && modified > since)
        {
            return Outcome.PreconditionFailed;
        }
        if (ifNoneMatch.Length > 0)
        {
            if (Matches(ifNoneMatch, version.ETag))
            {
                return Outcome.NotModified;
            }
        }
        else if (TryDate(ifModified, out var since) && modified <= since)
        {
            return Outcome.NotModified;
        }
        return Outcome.Proceed;
    }

    /// <summary>A comma-separated list of (possibly quoted, possibly weak) entity tags, or "*".</summary>
    public static bool Matches(string header, string etag)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag == "*" || tag.Trim('"') == etag)
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryDate(string value, out long unixSeconds)
    {
        unixSeconds = 0;
        if (value.Length == 0 || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return false; // an unparseable date is ignored, as HTTP says
        }
        unixSeconds = date.ToUnixTimeSeconds();
        return true;
    }

    /// <summary>If-Match / If-None-Match: * on a write, checked atomically by the engine.</summary>
    public static WritePreconditions ForWrite(HttpRequest request)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Trim() != "*")
        {
            throw new S3Exception(S3Errors.NotImplemented("If-None-Match on a write with anything but '*'"));
        }
        return new WritePreconditions(ifMatch.Length > 0 ? ifMatch.Trim().Trim('"') : null, ifNoneMatch.Length > 0);
    }
}
