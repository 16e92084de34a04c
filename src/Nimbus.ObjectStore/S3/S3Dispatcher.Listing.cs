using System.Globalization;
using System.Text;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Http;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3;

internal sealed partial class S3Dispatcher
{
    private const int MaxKeys = 1000;

    private async Task ListObjectsV2Async(S3Call call)
    {
        RequireBucket(call);
        var q = call.Query;
        var token = q.Get("continuation-token");
        var startAfter = q.Get("start-after");
        var after = token is not null ? DecodeToken(token) : startAfter;
        var prefix = q.Get("prefix") ?? "";
        var delimiter = NullIfEmpty(q.Get("delimiter"));
        var url = EncodingType(call);
        var page = await engine.ListObjectsAsync(new ListQuery(call.BucketName, prefix, delimiter, after, ParseMax(q.Get("max-keys"), "max-keys")), call.Aborted).ConfigureAwait(false);
        Check(page.Status, call);
        var fetchOwner = q.Get("fetch-owner") == "true";
        using var xml = new XmlBuilder(16 * 1024);
        xml.Root("ListBucketResult").Element("Name", call.BucketName).Element("Prefix", Encode(prefix, url));
        if (token is not null)
        {
            xml.Element("ContinuationToken", token);
        }
        if (startAfter is not null)
        {
            xml.Element("StartAfter", Encode(startAfter, url));
        }
        xml.Element("KeyCount", page.Objects.Count + page.CommonPrefixes.Count)
            .Element("MaxKeys", ParseMax(q.Get("max-keys"), "max-keys"))
            .Element("Delimiter", Encode(delimiter, url))
            .Element("IsTruncated", page.IsTruncated);
        if (page.IsTruncated && page.NextAfter is not null)
        {
            xml.Element("NextContinuationToken", EncodeToken(page.NextAfter));
        }
        if (url)
        {
            xml.Element("EncodingType", "url");
        }
        WriteContents(xml, page, url, fetchOwner ? call.Credential.Project : null);
        xml.End("ListBucketResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private async Task ListObjectsV1Async(S3Call call)
    {
        RequireBucket(call);
        var q = call.Query;
        var marker = q.Get("marker");
        var prefix = q.Get("prefix") ?? "";
        var delimiter = NullIfEmpty(q.Get("delimiter"));
        var url = EncodingType(call);
        var max = ParseMax(q.Get("max-keys"), "max-keys");
        var page = await engine.ListObjectsAsync(new ListQuery(call.BucketName, prefix, delimiter, NullIfEmpty(marker), max), call.Aborted).ConfigureAwait(false);
        Check(page.Status, call);
        using var xml = new XmlBuilder(16 * 1024);
        xml.Root("ListBucketResult").Element("Name", call.BucketName).Element("Prefix", Encode(prefix, url))
            .Element("Marker", Encode(marker ?? "", url)).Element("MaxKeys", max)
            .Element("Delimiter", Encode(delimiter, url)).Element("IsTruncated", page.IsTruncated);
        if (page.IsTruncated && page.NextAfter is not null)
        {
            xml.Element("NextMarker", Encode(page.NextAfter, url));
        }
        if (url)
        {
            xml.Element("EncodingType", "url");
        }
        WriteContents(xml, page, url, call.Credential.Project);
        xml.End("ListBucketResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private static void WriteContents(XmlBuilder xml, ListPage page, bool url, string? owner)
    {
        foreach (var o in page.Objects)
        {
            xml.Start("Contents").Element("Key", Encode(o.Key, url)).Element("LastModified", o.LastModified).ETag("ETag", o.ETag)
                .Element("Size", o.Size).Element("StorageClass", "STANDARD");
            if (o.Checksum is not null && o.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
            {
                xml.Element("ChecksumAlgorithm", Checksums.Checksum.Name(o.ChecksumAlgorithm).ToUpperInvariant());
            }
            if (owner is not null)
            {
                xml.Start("Owner").Element("ID", owner).Element("DisplayName", owner).End("Owner");
            }
            xml.End("Contents");
        }
        foreach (var p in page.CommonPrefixes)
        {
            xml.Start("CommonPrefixes").Element("Prefix", Encode(p, url)).End("CommonPrefixes");
        }
    }

    private async Task ListVersionsAsync(S3Call call)
    {
        RequireBucket(call);
        var q = call.Query;
        var prefix = q.Get("prefix") ?? "";
        var delimiter = NullIfEmpty(q.Get("delimiter"));
        var keyMarker = NullIfEmpty(q.Get("key-marker"));
        var versionMarker = NullIfEmpty(q.Get("version-id-marker"));
        var url = EncodingType(call);
        var max = ParseMax(q.Get("max-keys"), "max-keys");
        var page = await engine.ListVersionsAsync(new VersionQuery(call.BucketName, prefix, delimiter, keyMarker, versionMarker, max), call.Aborted).ConfigureAwait(false);
        Check(page.Status, call);
        using var xml = new XmlBuilder(16 * 1024);
        xml.Root("ListVersionsResult").Element("Name", call.BucketName).Element("Prefix", Encode(prefix, url))
            .Element("KeyMarker", Encode(keyMarker ?? "", url)).Element("VersionIdMarker", versionMarker ?? "")
            .Element("MaxKeys", max).Element("Delimiter", Encode(delimiter, url)).Element("IsTruncated", page.IsTruncated);
        if (page.IsTruncated)
        {
            xml.Element("NextKeyMarker", Encode(page.NextKeyMarker, url)).Element("NextVersionIdMarker", page.NextVersionIdMarker);
        }
        if (url)
        {
            xml.Element("EncodingType", "url");
        }
        foreach (var v in page.Versions)
        {
            var element = v.IsDeleteMarker ? "DeleteMarker" : "Version";
            xml.Start(element).Element("Key", Encode(v.Key, url)).Element("VersionId", v.VersionId).Element("IsLatest", v.IsLatest)
                .Element("LastModified", v.LastModified);
            if (!v.IsDeleteMarker)
            {
                xml.ETag("ETag", v.ETag).Element("Size", v.Size).Element("StorageClass", "STANDARD");
            }
            xml.Start("Owner").Element("ID", call.Credential.Project).Element("DisplayName", call.Credential.Project).End("Owner");
            xml.End(element);
        }
        foreach (var p in page.CommonPrefixes)
        {
            xml.Start("CommonPrefixes").Element("Prefix", Encode(p, url)).End("CommonPrefixes");
        }
        xml.End("ListVersionsResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private static bool EncodingType(S3Call call) => call.Query.Get("encoding-type") switch
    {
        null => false,
        "url" => true,
        var other => throw new S3Exception(S3Errors.InvalidArgument("encoding-type", other, "Invalid Encoding Method specified in Request; the only value is 'url'.")),
    };

    private static int ParseMax(string? text, string name)
    {
        if (text is null)
        {
            return MaxKeys;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
        {
            throw new S3Exception(S3Errors.InvalidArgument(name, text, $"Provided {name} not an integer or within integer range."));
        }
        return Math.Min(max, MaxKeys);
    }

    private static string? Encode(string? value, bool url) => value is null || !url ? value : Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string EncodeToken(string after) => Convert.ToBase64String(Encoding.UTF8.GetBytes(after));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new S3Exception(S3Errors.InvalidArgument("continuation-token", token, "The continuation token provided is incorrect; pass the NextContinuationToken of the previous page."));
        }
    }
}
