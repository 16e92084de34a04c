using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.S3;

internal sealed partial class S3Dispatcher
{
    private const int CopyBufferSize = 128 * 1024;

    private async Task PutObjectAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        var attributes = ObjectHeaders.Read(call.Request);
        var encryption = EncryptionHeaders.ForWrite(call.Request, bucket.Settings);
        var preconditions = Conditions.ForWrite(call.Request);
        var staged = await StageBodyAsync(call, encryption, options.MaxPutBytes).ConfigureAwait(false);
        // From here the engine owns the staged data: it commits it or deletes it, whatever happens to this request.
        var outcome = await engine.CommitObjectAsync(call.BucketName, call.KeyName, staged, attributes, preconditions, call.Aborted).ConfigureAwait(false);
        Check(outcome.Status, call);
        WriteVersionHeaders(call, outcome.Version!, bucket);
        await call.EmptyAsync().ConfigureAwait(false);
    }

    /// <summary>Streams the request body into the engine and checks it against every digest the client sent.</summary>
    private async Task<StagedData> StageBodyAsync(S3Call call, EncryptionSpec encryption, long maxBytes, Checksums.ChecksumAlgorithm required = Checksums.ChecksumAlgorithm.None)
    {
        if (RequestAuthentication.OpenBody(call, out var body, out var length) is { } error)
        {
            throw new S3Exception(error);
        }
        try
        {
            if (length is null)
            {
                throw new S3Exception(S3Errors.MissingContentLength());
            }
            if (length > maxBytes)
            {
                throw new S3Exception(S3Errors.EntityTooLarge(maxBytes));
            }
            var algorithm = ChecksumHeaders.Requested(call.Request, required);
            if (required != Checksums.ChecksumAlgorithm.None && algorithm != required)
            {
                throw new S3Exception(S3Errors.InvalidRequest($"Checksum Type mismatch occurred, expected checksum Type: {Checksums.Checksum.Name(required)}, actual checksum Type: {Checksums.Checksum.Name(algorithm)}"));
            }
            var staged = await engine.StageAsync(body, new StageOptions(length, algorithm, encryption) { Replicas = ReplicasOf(call), ComputeSha256 = call.Auth.ExpectedSha256Hex is not null }, call.Aborted).ConfigureAwait(false);
            try
            {
                ChecksumHeaders.Verify(call.Request, staged, RequestAuthentication.Trailers(body), call.Auth.ExpectedSha256Hex);
                return staged;
            }
            catch
            {
                await staged.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            if (!ReferenceEquals(body, call.Request.Body))
            {
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void WriteVersionHeaders(S3Call call, ObjectVersion version, BucketInfo bucket)
    {
        var h = call.Response.Headers;
        h.ETag = "\"" + version.ETag + "\"";
        if (bucket.Settings.Versioning != VersioningState.Unversioned)
        {
            h["x-amz-version-id"] = version.VersionId;
        }
        if (version.Checksum is not null && version.ChecksumAlgorithm != Checksums.ChecksumAlgorithm.None)
        {
            h[ChecksumHeaders.HeaderName(version.ChecksumAlgorithm)] = version.Checksum;
        }
        EncryptionHeaders.Write(call.Response, version.Encryption, version.CustomerKeyMd5);
    }

    private async Task GetObjectAsync(S3Call call, bool head)
    {
        var bucket = RequireBucket(call);
        var version = await LookupAsync(call, call.BucketName, call.KeyName, call.Query.Get("versionId")).ConfigureAwait(false);
        var versioned = bucket.Settings.Versioning != VersioningState.Unversioned || version.VersionId != "null";
        // The customer key is checked before anything about the object is revealed (HEAD, 304 and 412 included).
        var key = ReadKey(call, version, copySource: false);
        if (key.Kind == EncryptionKind.CustomerKey)
        {
            Check(engine.OpenRead(version, 0, 0, key, out var probe), call);
            await probe!.DisposeAsync().ConfigureAwait(false);
        }
        switch (Conditions.Evaluate(call.Request, version))
        {
            case Conditions.Outcome.PreconditionFailed:
                throw new S3Exception(S3Errors.PreconditionFailed(call.Header("If-Match") is not null ? "If-Match" : "If-Unmodified-Since"));
            case Conditions.Outcome.NotModified:
                call.Response.StatusCode = 304;
                call.Response.Headers.ETag = "\"" + version.ETag + "\"";
                call.Response.Headers.LastModified = version.LastModified.ToString("r", CultureInfo.InvariantCulture);
                return;
        }

        long offset = 0, length = version.Size;
        var status = 200;
        if (call.Query.Get("partNumber") is { } partText)
        {
            (offset, length) = PartRange(version, partText);
            status = version.PartSizes.Count > 0 ? 206 : 200;
            if (status == 206)
            {
                call.Response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{version.Size}";
            }
        }
        else
        {
            switch (ByteRange.Resolve(call.Header("Range"), version.Size, out offset, out length))
            {
                case ByteRange.Result.Unsatisfiable:
                    throw new S3Exception(S3Errors.InvalidRange(version.Size));
                case ByteRange.Result.Partial:
                    status = 206;
                    call.Response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{version.Size}";
                    break;
            }
        }
        ObjectHeaders.Write(call.Response, version, versioned, call.Header("x-amz-checksum-mode") == "ENABLED" && status == 200);
        ObjectHeaders.ApplyOverrides(call.Response, call.Query);
        call.Response.StatusCode = status;
        call.Response.ContentLength = length;
        if (head || length == 0)
        {
            return;
        }
        var opened = engine.OpenRead(version, offset, length, key, out var stream);
        Check(opened, call);
        await using (stream!.ConfigureAwait(false))
        {
            await CopyAsync(stream!, call.Response.Body, call.Aborted).ConfigureAwait(false);
        }
    }

    /// <summary>The version a request names; a delete marker answers 404 (current) or 405 (by id) with its headers.</summary>
    private async Task<ObjectVersion> LookupAsync(S3Call call, string bucket, string key, string? versionId)
    {
        var found = await engine.GetObjectAsync(bucket, key, versionId, call.Aborted).ConfigureAwait(false);
        if (found.Status == EngineStatus.Ok)
        {
            return found.Version!;
        }
        var error = found.Status switch
        {
            EngineStatus.NoSuchKey => S3Errors.NoSuchKey(key),
            EngineStatus.NoSuchVersion => S3Errors.NoSuchVersion(key, versionId ?? ""),
            _ => ToError(found.Status, call),
        };
        if (found.Version is { IsDeleteMarker: true } marker)
        {
            if (found.Status != EngineStatus.DeleteMarker)
            {
                error.WithHeader("x-amz-delete-marker", "true");
            }
            error.WithHeader("x-amz-version-id", marker.VersionId);
            if (found.Status == EngineStatus.DeleteMarker)
            {
                error.WithHeader("Allow", "DELETE");
            }
        }
        throw new S3Exception(error);
    }

    /// <summary>The customer key an SSE-C object needs (and only an SSE-C object may be given one).</summary>
    private static EncryptionSpec ReadKey(S3Call call, ObjectVersion version, bool copySource)
    {
        var key = EncryptionHeaders.ForRead(call.Request, copySource);
        if (version.Encryption == EncryptionKind.CustomerKey && key.Kind != EncryptionKind.CustomerKey)
        {
            throw new S3Exception(S3Errors.InvalidRequest("The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object (the x-amz-server-side-encryption-customer-* headers)."));
        }
        if (version.Encryption != EncryptionKind.CustomerKey && key.Kind == EncryptionKind.CustomerKey)
        {
            throw new S3Exception(S3Errors.InvalidRequest("The encryption parameters are not applicable to this object: it was not stored with a customer-provided key."));
        }
        return key;
    }

    private static (long Offset, long Length) PartRange(ObjectVersion version, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var part) || part < 1 || part > 10000)
        {
            throw new S3Exception(S3Errors.InvalidArgument("partNumber", text, "Part number must be an integer between 1 and 10000, inclusive."));
        }
        if (version.PartSizes.Count == 0)
        {
            return part == 1 ? (0, version.Size) : throw new S3Exception(S3Errors.InvalidRange(version.Size));
        }
        if (part > version.PartSizes.Count)
        {
            throw new S3Exception(S3Errors.InvalidRange(version.Size));
        }
        long offset = 0;
        for (var i = 0; i < part - 1; i++)
        {
            offset += version.PartSizes[i];
        }
        return (offset, version.PartSizes[part - 1]);
    }

    private static async Task CopyAsync(Stream source, Stream destination, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int n;
            while ((n = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), ct).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task DeleteObjectAsync(S3Call call)
    {
        var bucket = RequireBucket(call);
        var outcome = await engine.DeleteObjectAsync(call.BucketName, call.KeyName, call.Query.Get("versionId"), call.Aborted).ConfigureAwait(false);
        // Deleting what is not there succeeds, as in S3: the caller's intent (it is gone) holds.
        if (outcome.Status is not (EngineStatus.Ok or EngineStatus.NoSuchKey or EngineStatus.NoSuchVersion))
        {
            Check(outcome.Status, call);
        }
        if (outcome.VersionId is not null && (bucket.Settings.Versioning != VersioningState.Unversioned || call.Query.Has("versionId")))
        {
            call.Response.Headers["x-amz-version-id"] = outcome.VersionId;
        }
        if (outcome.DeleteMarker)
        {
            call.Response.Headers["x-amz-delete-marker"] = "true";
        }
        await call.EmptyAsync(204).ConfigureAwait(false);
    }
}
