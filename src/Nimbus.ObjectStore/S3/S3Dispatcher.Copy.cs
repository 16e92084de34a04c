using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Http;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3;

internal sealed partial class S3Dispatcher
{
    private async Task CopyObjectAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        var (source, sourceKey) = await CopySourceAsync(call).ConfigureAwait(false);
        var replace = Directive(call, "x-amz-metadata-directive");
        var replaceTags = Directive(call, "x-amz-tagging-directive");
        var attributes = source.Attributes;
        if (replace || replaceTags)
        {
            var given = ObjectHeaders.Read(call.Request);
            attributes = (replace ? given : attributes) with { Tags = replaceTags ? given.Tags : source.Attributes.Tags };
        }
        var encryption = EncryptionHeaders.ForWrite(call.Request, bucket.Settings);
        if (source.Bucket == call.BucketName && source.Key == call.KeyName && call.Query.Get("versionId") is null && !replace &&
            encryption.Kind == EncryptionKind.None && source.Encryption == EncryptionKind.None &&
            call.Header("x-amz-copy-source")!.Contains("versionId=", StringComparison.Ordinal) is false)
        {
            throw new S3Exception(S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."));
        }
        if (source.Size > options.MaxPutBytes)
        {
            throw new S3Exception(S3Errors.InvalidRequest($"The specified copy source is larger than the maximum allowable size for a copy source: {options.MaxPutBytes}; copy it with UploadPartCopy in a multipart upload."));
        }
        var algorithm = ChecksumHeaders.Requested(call.Request, source.ChecksumAlgorithm);
        var opened = engine.OpenRead(source, 0, source.Size, sourceKey, out var stream);
        Check(opened, call);
        StagedData staged;
        await using (stream!.ConfigureAwait(false))
        {
            staged = await engine.StageAsync(stream!, new StageOptions(source.Size, algorithm, encryption) { Replicas = ReplicasOf(call), ComputeSha256 = false }, call.Aborted).ConfigureAwait(false);
        }
        // From here the engine owns the staged data: it commits it or deletes it, whatever happens to this request.
        var outcome = await engine.CommitObjectAsync(call.BucketName, call.KeyName, staged, attributes, Conditions.ForWrite(call.Request), call.Aborted).ConfigureAwait(false);
        Check(outcome.Status, call);
        var version = outcome.Version!;
        WriteVersionHeaders(call, version, bucket);
        call.Response.Headers.ETag = default;
        if (source.VersionId != "null")
        {
            call.Response.Headers["x-amz-copy-source-version-id"] = source.VersionId;
        }
        using var xml = new XmlBuilder(512);
        xml.Root("CopyObjectResult").ETag("ETag", version.ETag).Element("LastModified", version.LastModified);
        if (version.Checksum is not null && version.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
        {
            xml.Element("Checksum" + Checksums.Checksum.Name(version.ChecksumAlgorithm).ToUpperInvariant(), version.Checksum);
        }
        xml.End("CopyObjectResult");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private static bool Directive(S3Call call, string header) => call.Header(header) switch
    {
        null or "COPY" => false,
        "REPLACE" => true,
        var other => throw new S3Exception(S3Errors.InvalidArgument(header, other, $"Unknown {header} '{other}'; use COPY or REPLACE.")),
    };

    /// <summary>The version x-amz-copy-source names (bucket/key[?versionId=]), owned by the caller and passing the
    /// x-amz-copy-source-if-* conditions, and the customer key to read it with.</summary>
    private async Task<(ObjectVersion Version, EncryptionSpec Key)> CopySourceAsync(S3Call call)
    {
        var header = call.Header("x-amz-copy-source")!;
        var q = header.IndexOf('?');
        var path = Uri.UnescapeDataString((q < 0 ? header : header[..q]).TrimStart('/'));
        string? versionId = null;
        if (q >= 0)
        {
            var query = S3Query.Parse(header.AsSpan(q + 1));
            versionId = query.Get("versionId");
        }
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new S3Exception(S3Errors.InvalidArgument("x-amz-copy-source", header, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey."));
        }
        var sourceBucket = path[..slash];
        var sourceKey = path[(slash + 1)..];
        var info = engine.GetBucket(sourceBucket);
        if (info is null)
        {
            throw new S3Exception(S3Errors.NoSuchBucket(sourceBucket));
        }
        if (info.Owner != call.Credential.Project)
        {
            throw new S3Exception(S3Errors.AccessDenied());
        }
        var version = await LookupAsync(call, sourceBucket, sourceKey, versionId).ConfigureAwait(false);
        if (Conditions.Evaluate(call.Request, version, "x-amz-copy-source-") != Conditions.Outcome.Proceed)
        {
            throw new S3Exception(S3Errors.PreconditionFailed("x-amz-copy-source-If-*"));
        }
        return (version, ReadKey(call, version, copySource: true));
    }

    private async Task GetTaggingAsync(S3Call call)
    {
        RequireBucket(call);
        var version = await LookupAsync(call, call.BucketName, call.KeyName, call.Query.Get("versionId")).ConfigureAwait(false);
        if (version.VersionId != "null")
        {
            call.Response.Headers["x-amz-version-id"] = version.VersionId;
        }
        using var xml = new XmlBuilder(512);
        xml.Root("Tagging").Start("TagSet");
        foreach (var (key, value) in version.Attributes.Tags)
        {
            xml.Start("Tag").Element("Key", key).Element("Value", value).End("Tag");
        }
        xml.End("TagSet").End("Tagging");
        await call.XmlAsync(xml).ConfigureAwait(false);
    }

    private async Task PutTaggingAsync(S3Call call)
    {
        RequireBucket(call);
        var root = await ReadXmlAsync(call).ConfigureAwait(false);
        var tags = Tagging.ParseDocument(root!);
        await SetTagsAsync(call, tags).ConfigureAwait(false);
    }

    private Task DeleteTaggingAsync(S3Call call)
    {
        RequireBucket(call);
        return SetTagsAsync(call, [], 204);
    }

    private async Task SetTagsAsync(S3Call call, IReadOnlyList<KeyValuePair<string, string>> tags, int status = 200)
    {
        var versionId = call.Query.Get("versionId");
        var version = await LookupAsync(call, call.BucketName, call.KeyName, versionId).ConfigureAwait(false);
        Check(await engine.SetTagsAsync(call.BucketName, call.KeyName, version.VersionId, tags, call.Aborted).ConfigureAwait(false), call);
        if (version.VersionId != "null")
        {
            call.Response.Headers["x-amz-version-id"] = version.VersionId;
        }
        await call.EmptyAsync(status).ConfigureAwait(false);
    }
}
