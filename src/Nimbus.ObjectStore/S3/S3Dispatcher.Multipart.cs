using System.Globalization;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Http;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3;

internal sealed partial class S3Dispatcher
{
    private const long MaxPartBytes = 5L * 1024 * 1024 * 1024;
    private const int MaxParts = 10000;

    private async Task CreateUploadAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        var attributes = ObjectHeaders.Read(call.Request);
        var encryption = EncryptionHeaders.ForWrite(call.Request, bucket.Settings);
        var algorithm = ChecksumHeaders.Requested(call.Request);
        var type = ChecksumHeaders.RequestedType(call.Request, algorithm);
        var outcome = await engine.CreateUploadAsync(call.BucketName, call.KeyName, attributes, algorithm, type, encryption, call.Aborted).ConfigureAwait(false);
        Check(outcome.Status, call);
        var upload = outcome.Upload!;
        EncryptionHeaders.Write(call.Response, upload.Encryption, upload.CustomerKeyMd5);
        if (algorithm != Checksums.ChecksumAlgorithm.None)
        {
            call.Response.Headers["x-amz-checksum-algorithm"] = Checksums.Checksum.Name(algorithm).ToUpperInvariant();
            call.Response.Headers["x-amz-checksum-type"] = ChecksumHeaders.TypeName(type);
        }
        using var xml = new XmlBuilder(512);
        xml.Root("InitiateMultipartUploadResult").Element("Bucket", call.BucketName).Element("Key", call.KeyName)
            .Element("UploadId", upload.UploadId).End("InitiateMultipartUploadResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    /// <summary>The upload a part request names, and the encryption its parts must use.</summary>
    private async Task<(MultipartUpload Upload, int PartNumber, EncryptionSpec Encryption)> PartTargetAsync(S3Call call)
    {
        RequireBucket(call);
        var uploadId = call.Query.Get("uploadId")!;
        var text = call.Query.Get("partNumber");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > MaxParts)
        {
            throw new S3Exception(S3Errors.InvalidArgument("partNumber", text, "Part number must be an integer between 1 and 10000, inclusive."));
        }
        var found = await engine.GetUploadAsync(call.BucketName, call.KeyName, uploadId, call.Aborted).ConfigureAwait(false);
        Check(found.Status, call);
        var upload = found.Upload!;
        var encryption = upload.Encryption switch
        {
            EncryptionKind.S3Managed => EncryptionSpec.S3Managed,
            EncryptionKind.CustomerKey => EncryptionHeaders.ForRead(call.Request) is { Kind: EncryptionKind.CustomerKey } key && EncryptionHeaders.KeyMd5(key) == upload.CustomerKeyMd5
                ? key
                : throw new S3Exception(S3Errors.InvalidRequest("The upload was created with a customer-provided key (SSE-C): every part must carry the same key.")),
            _ => EncryptionSpec.None,
        };
        return (upload, partNumber, encryption);
    }

    private async Task UploadPartAsync(S3Call call)
    {
        var (upload, partNumber, encryption) = await PartTargetAsync(call).ConfigureAwait(false);
        var staged = await StageBodyAsync(call, encryption, MaxPartBytes, upload.ChecksumAlgorithm).ConfigureAwait(false);
        // From here the engine owns the staged data: it commits it or deletes it, whatever happens to this request.
        var outcome = await engine.CommitPartAsync(call.BucketName, call.KeyName, upload.UploadId, partNumber, staged, call.Aborted).ConfigureAwait(false);
        Check(outcome.Status, call);
        var part = outcome.Part!;
        call.Response.Headers.ETag = "\"" + part.ETag + "\"";
        if (part.Checksum is not null && staged.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
        {
            call.Response.Headers[ChecksumHeaders.HeaderName(staged.ChecksumAlgorithm)] = part.Checksum;
        }
        EncryptionHeaders.Write(call.Response, upload.Encryption, upload.CustomerKeyMd5);
        await call.EmptyAsync().ConfigureAwait(false);
    }

    private async Task UploadPartCopyAsync(S3Call call)
    {
        var (upload, partNumber, encryption) = await PartTargetAsync(call).ConfigureAwait(false);
        var (source, sourceKey) = await CopySourceAsync(call).ConfigureAwait(false);
        long offset = 0, length = source.Size;
        if (call.Header("x-amz-copy-source-range") is { } range)
        {
            var bounds = range.StartsWith("bytes=", StringComparison.Ordinal) ? range[6..].Split('-') : [];
            if (bounds.Length != 2 || !long.TryParse(bounds[0], out var first) || !long.TryParse(bounds[1], out var last) || first > last)
            {
                throw new S3Exception(S3Errors.InvalidArgument("x-amz-copy-source-range", range, $"The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy, within the source's {source.Size} bytes."));
            }
            if (last >= source.Size)
            {
                throw new S3Exception(S3Errors.InvalidRange(source.Size));
            }
            (offset, length) = (first, last - first + 1);
        }
        if (length > MaxPartBytes)
        {
            throw new S3Exception(S3Errors.EntityTooLarge(MaxPartBytes));
        }
        Check(engine.OpenRead(source, offset, length, sourceKey, out var stream), call);
        StagedData staged;
        await using (stream!.ConfigureAwait(false))
        {
            staged = await engine.StageAsync(stream!, new StageOptions(length, upload.ChecksumAlgorithm, encryption) { Replicas = ReplicasOf(call), ComputeSha256 = false }, call.Aborted).ConfigureAwait(false);
        }
        // From here the engine owns the staged data: it commits it or deletes it, whatever happens to this request.
        var outcome = await engine.CommitPartAsync(call.BucketName, call.KeyName, upload.UploadId, partNumber, staged, call.Aborted).ConfigureAwait(false);
        Check(outcome.Status, call);
        var part = outcome.Part!;
        if (source.VersionId != "null")
        {
            call.Response.Headers["x-amz-copy-source-version-id"] = source.VersionId;
        }
        using var xml = new XmlBuilder(512);
        xml.Root("CopyPartResult").ETag("ETag", part.ETag).Element("LastModified", part.LastModified);
        if (part.Checksum is not null && upload.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
        {
            xml.Element("Checksum" + Checksums.Checksum.Name(upload.ChecksumAlgorithm).ToUpperInvariant(), part.Checksum);
        }
        xml.End("CopyPartResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private async Task CompleteUploadAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        var uploadId = call.Query.Get("uploadId")!;
        var root = await ReadXmlAsync(call).ConfigureAwait(false);
        var parts = new List<CompletedPart>();
        foreach (var part in root!.Children("Part"))
        {
            var number = part.ChildValue("PartNumber");
            var etag = part.ChildValue("ETag");
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || etag is null)
            {
                throw new S3Exception(S3Errors.MalformedXml("every Part needs a PartNumber and an ETag"));
            }
            string? checksum = null;
            foreach (var e in part.Elements())
            {
                if (e.Name.LocalName.StartsWith("Checksum", StringComparison.Ordinal) && e.Name.LocalName != "ChecksumType")
                {
                    checksum = e.Value;
                }
            }
            parts.Add(new CompletedPart(n, etag.Trim().Trim('"'), checksum));
        }
        if (parts.Count == 0)
        {
            throw new S3Exception(S3Errors.MalformedXml("CompleteMultipartUpload needs at least one Part"));
        }
        var expected = await ExpectedObjectChecksumAsync(call, uploadId).ConfigureAwait(false);
        var outcome = await engine.CompleteUploadAsync(call.BucketName, call.KeyName, uploadId, parts, expected, Conditions.ForWrite(call.Request), call.Aborted).ConfigureAwait(false);
        Check(outcome.Status, call);
        var version = outcome.Version!;
        WriteVersionHeaders(call, version, bucket);
        call.Response.Headers.ETag = default;
        using var xml = new XmlBuilder(512);
        xml.Root("CompleteMultipartUploadResult")
            .Element("Location", $"{call.Request.Scheme}://{call.Request.Host}/{call.BucketName}/{Uri.EscapeDataString(call.KeyName)}")
            .Element("Bucket", call.BucketName).Element("Key", call.KeyName).ETag("ETag", version.ETag);
        if (version.Checksum is not null && version.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
        {
            xml.Element("Checksum" + Checksums.Checksum.Name(version.ChecksumAlgorithm).ToUpperInvariant(), version.Checksum);
            xml.Element("ChecksumType", version.Checksum.Contains('-') ? "COMPOSITE" : "FULL_OBJECT");
        }
        xml.End("CompleteMultipartUploadResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    /// <summary>
    /// The whole object's checksum the client sent with CompleteMultipartUpload (x-amz-checksum-ALG), checked by the
    /// engine against the one it makes from the parts; null when none was sent. It must be the upload's algorithm, and
    /// an x-amz-checksum-type sent with it must be the upload's type.
    /// </summary>
    private async Task<string?> ExpectedObjectChecksumAsync(S3Call call, string uploadId)
    {
        var algorithm = ChecksumHeaders.Given(call.Request);
        var typeHeader = call.Header("x-amz-checksum-type");
        if (algorithm == Checksums.ChecksumAlgorithm.None && typeHeader is null)
        {
            return null;
        }
        var found = await engine.GetUploadAsync(call.BucketName, call.KeyName, uploadId, call.Aborted).ConfigureAwait(false);
        Check(found.Status, call);
        var upload = found.Upload!;
        if (typeHeader is not null && ChecksumHeaders.ParseType(typeHeader) != upload.ChecksumType)
        {
            throw new S3Exception(S3Errors.InvalidRequest(
                $"The upload was created with checksum type {ChecksumHeaders.TypeName(upload.ChecksumType)}; x-amz-checksum-type {typeHeader} does not match it."));
        }
        if (algorithm == Checksums.ChecksumAlgorithm.None)
        {
            return null;
        }
        if (algorithm != upload.ChecksumAlgorithm)
        {
            throw new S3Exception(S3Errors.InvalidRequest(
                $"The upload was created with checksum algorithm {(upload.ChecksumAlgorithm == Checksums.ChecksumAlgorithm.None ? "none" : Checksums.Checksum.Name(upload.ChecksumAlgorithm).ToUpperInvariant())}; " +
                $"{ChecksumHeaders.HeaderName(algorithm)} cannot be checked against it."));
        }
        return call.Header(ChecksumHeaders.HeaderName(algorithm));
    }

    private async Task AbortUploadAsync(S3Call call)
    {
        RequireBucket(call);
        Check(await engine.AbortUploadAsync(call.BucketName, call.KeyName, call.Query.Get("uploadId")!, call.Aborted).ConfigureAwait(false), call);
        await call.EmptyAsync(204).ConfigureAwait(false);
    }

    private async Task ListPartsAsync(S3Call call)
    {
        RequireBucket(call);
        var q = call.Query;
        var markerText = q.Get("part-number-marker");
        var marker = 0;
        if (markerText is not null && !int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out marker))
        {
            throw new S3Exception(S3Errors.InvalidArgument("part-number-marker", markerText, "part-number-marker must be a non-negative integer."));
        }
        var max = ParseMax(q.Get("max-parts"), "max-parts");
        var page = await engine.ListPartsAsync(call.BucketName, call.KeyName, q.Get("uploadId")!, marker, max, call.Aborted).ConfigureAwait(false);
        Check(page.Status, call);
        var upload = page.Upload!;
        using var xml = new XmlBuilder(8192);
        xml.Root("ListPartsResult").Element("Bucket", call.BucketName).Element("Key", call.KeyName).Element("UploadId", upload.UploadId)
            .Element("PartNumberMarker", marker).Element("NextPartNumberMarker", page.NextPartNumberMarker).Element("MaxParts", max)
            .Element("IsTruncated", page.IsTruncated).Element("StorageClass", "STANDARD");
        if (upload.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
        {
            xml.Element("ChecksumAlgorithm", Checksums.Checksum.Name(upload.ChecksumAlgorithm).ToUpperInvariant());
            xml.Element("ChecksumType", ChecksumHeaders.TypeName(upload.ChecksumType));
        }
        Owners(xml, call);
        foreach (var part in page.Parts)
        {
            xml.Start("Part").Element("PartNumber", part.PartNumber).Element("LastModified", part.LastModified).ETag("ETag", part.ETag).Element("Size", part.Size);
            if (part.Checksum is not null && upload.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
            {
                xml.Element("Checksum" + Checksums.Checksum.Name(upload.ChecksumAlgorithm).ToUpperInvariant(), part.Checksum);
            }
            xml.End("Part");
        }
        xml.End("ListPartsResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private async Task ListUploadsAsync(S3Call call)
    {
        RequireBucket(call);
        var q = call.Query;
        var prefix = q.Get("prefix") ?? "";
        var delimiter = NullIfEmpty(q.Get("delimiter"));
        var keyMarker = NullIfEmpty(q.Get("key-marker"));
        var uploadMarker = NullIfEmpty(q.Get("upload-id-marker"));
        var max = ParseMax(q.Get("max-uploads"), "max-uploads");
        var url = EncodingType(call);
        var page = await engine.ListUploadsAsync(new UploadsQuery(call.BucketName, prefix, delimiter, keyMarker, uploadMarker, max), call.Aborted).ConfigureAwait(false);
        Check(page.Status, call);
        using var xml = new XmlBuilder(8192);
        xml.Root("ListMultipartUploadsResult").Element("Bucket", call.BucketName).Element("KeyMarker", Encode(keyMarker ?? "", url))
            .Element("UploadIdMarker", uploadMarker ?? "").Element("NextKeyMarker", Encode(page.NextKeyMarker ?? "", url))
            .Element("NextUploadIdMarker", page.NextUploadIdMarker ?? "").Element("Prefix", Encode(prefix, url))
            .Element("Delimiter", Encode(delimiter, url)).Element("MaxUploads", max).Element("IsTruncated", page.IsTruncated);
        if (url)
        {
            xml.Element("EncodingType", "url");
        }
        foreach (var u in page.Uploads)
        {
            xml.Start("Upload").Element("Key", Encode(u.Key, url)).Element("UploadId", u.UploadId);
            Owners(xml, call);
            xml.Element("StorageClass", "STANDARD").Element("Initiated", u.Initiated);
            if (u.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
            {
                xml.Element("ChecksumAlgorithm", Checksums.Checksum.Name(u.ChecksumAlgorithm).ToUpperInvariant())
                    .Element("ChecksumType", ChecksumHeaders.TypeName(u.ChecksumType));
            }
            xml.End("Upload");
        }
        foreach (var p in page.CommonPrefixes)
        {
            xml.Start("CommonPrefixes").Element("Prefix", Encode(p, url)).End("CommonPrefixes");
        }
        xml.End("ListMultipartUploadsResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private static void Owners(XmlBuilder xml, S3Call call)
    {
        xml.Start("Initiator").Element("ID", call.Credential.Project).Element("DisplayName", call.Credential.Project).End("Initiator");
        Owner(xml, call);
    }
}
