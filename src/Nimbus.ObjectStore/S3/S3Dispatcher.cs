using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.S3;

/// <summary>
/// Routes an authenticated request to its operation by method, bucket/key and sub-resource, the way S3 does. Split by
/// family: Buckets, Objects, Listing, Multipart, Config (versioning, CORS, encryption, tagging).
/// </summary>
internal sealed partial class S3Dispatcher(IObjectEngine engine, ObjectStoreOptions options)
{
    /// <summary>Sub-resources S3 has and Nimbus does not: answered 501 rather than mistaken for a plain request.</summary>
    private static readonly string[] Unsupported =
    [
        "policy", "lifecycle", "website", "logging", "notification", "replication", "object-lock", "accelerate",
        "requestPayment", "ownershipControls", "publicAccessBlock", "intelligent-tiering", "inventory", "metrics",
        "analytics", "restore", "select", "attributes", "legal-hold", "retention", "torrent", "policyStatus",
    ];

    public Task DispatchAsync(S3Call call)
    {
        var method = call.Request.Method;
        foreach (var sub in Unsupported)
        {
            if (call.Query.Has(sub))
            {
                throw new S3Exception(S3Errors.NotImplemented($"The '{sub}' sub-resource"));
            }
        }
        if (call.Query.Get("versionId") is "")
        {
            throw new S3Exception(S3Errors.InvalidArgument("versionId", "", "Version id cannot be the empty string; omit versionId for the current version."));
        }
        if (call.Bucket is null)
        {
            return HttpMethods.IsGet(method) ? ListBucketsAsync(call) : throw new S3Exception(S3Errors.MethodNotAllowed(method, "SERVICE"));
        }
        if (BucketNames.Validate(call.Bucket) is { } badName && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method)))
        {
            throw new S3Exception(S3Errors.InvalidBucketName(call.Bucket, badName));
        }
        return call.Key is null ? BucketAsync(call, method) : ObjectAsync(call, method);
    }

    private Task BucketAsync(S3Call call, string method)
    {
        var q = call.Query;
        if (HttpMethods.IsGet(method))
        {
            return q.Has("location") ? LocationAsync(call)
                : q.Has("versioning") ? GetVersioningAsync(call)
                : q.Has("cors") ? GetCorsAsync(call)
                : q.Has("encryption") ? GetEncryptionAsync(call)
                : q.Has("versions") ? ListVersionsAsync(call)
                : q.Has("uploads") ? ListUploadsAsync(call)
                : q.Has("acl") ? AclAsync(call)
                : q.Has("tagging") ? throw new S3Exception(S3Errors.NotImplemented("Bucket tagging"))
                : q.Get("list-type") == "2" ? ListObjectsV2Async(call)
                : ListObjectsV1Async(call);
        }
        if (HttpMethods.IsPut(method))
        {
            return q.Has("versioning") ? PutVersioningAsync(call)
                : q.Has("cors") ? PutCorsAsync(call)
                : q.Has("encryption") ? PutEncryptionAsync(call)
                : q.Has("acl") || q.Has("tagging") ? throw new S3Exception(S3Errors.NotImplemented(q.Has("acl") ? "Bucket ACLs (access is by project)" : "Bucket tagging"))
                : CreateBucketAsync(call);
        }
        if (HttpMethods.IsHead(method))
        {
            return HeadBucketAsync(call);
        }
        if (HttpMethods.IsDelete(method))
        {
            return q.Has("cors") ? DeleteCorsAsync(call)
                : q.Has("encryption") ? DeleteEncryptionAsync(call)
                : q.Has("tagging") ? throw new S3Exception(S3Errors.NotImplemented("Bucket tagging"))
                : DeleteBucketAsync(call);
        }
        if (HttpMethods.IsPost(method) && q.Has("delete"))
        {
            return DeleteObjectsAsync(call);
        }
        throw new S3Exception(S3Errors.MethodNotAllowed(method, "BUCKET"));
    }

    private Task ObjectAsync(S3Call call, string method)
    {
        if (ObjectKeys.Validate(call.KeyName) is { } badKey)
        {
            throw new S3Exception(badKey);
        }
        var q = call.Query;
        if (HttpMethods.IsGet(method))
        {
            return q.Has("uploadId") ? ListPartsAsync(call)
                : q.Has("tagging") ? GetTaggingAsync(call)
                : q.Has("acl") ? AclAsync(call)
                : GetObjectAsync(call, head: false);
        }
        if (HttpMethods.IsHead(method))
        {
            return GetObjectAsync(call, head: true);
        }
        if (HttpMethods.IsPut(method))
        {
            return q.Has("uploadId") ? (call.Header("x-amz-copy-source") is null ? UploadPartAsync(call) : UploadPartCopyAsync(call))
                : q.Has("tagging") ? PutTaggingAsync(call)
                : q.Has("acl") ? throw new S3Exception(S3Errors.NotImplemented("Object ACLs (access is by project)"))
                : call.Header("x-amz-copy-source") is not null ? CopyObjectAsync(call)
                : PutObjectAsync(call);
        }
        if (HttpMethods.IsDelete(method))
        {
            return q.Has("uploadId") ? AbortUploadAsync(call)
                : q.Has("tagging") ? DeleteTaggingAsync(call)
                : DeleteObjectAsync(call);
        }
        if (HttpMethods.IsPost(method))
        {
            return q.Has("uploads") ? CreateUploadAsync(call)
                : q.Has("uploadId") ? CompleteUploadAsync(call)
                : throw new S3Exception(S3Errors.MethodNotAllowed(method, "OBJECT"));
        }
        throw new S3Exception(S3Errors.MethodNotAllowed(method, "OBJECT"));
    }

    /// <summary>The bucket the call names, owned by the caller; throws the S3 error otherwise.</summary>
    private BucketInfo RequireBucket(S3Call call) =>
        call.Authorize(engine, out var bucket) is { } error ? throw new S3Exception(error) : bucket;

    /// <summary>Copies of each chunk of the call's (target) bucket: what StageAsync must make durable.</summary>
    private int ReplicasOf(S3Call call) => engine.GetBucket(call.BucketName)?.Settings.Replicas ?? 1;

    private static S3Error ToError(EngineStatus status, S3Call call) => status switch
    {
        EngineStatus.NoSuchBucket => S3Errors.NoSuchBucket(call.BucketName),
        EngineStatus.NoSuchKey => S3Errors.NoSuchKey(call.Key ?? ""),
        EngineStatus.NoSuchVersion => S3Errors.NoSuchVersion(call.Key ?? "", call.Query.Get("versionId") ?? ""),
        EngineStatus.BucketAlreadyExists => S3Errors.BucketAlreadyExists(call.BucketName),
        EngineStatus.BucketAlreadyOwnedByYou => S3Errors.BucketAlreadyOwnedByYou(call.BucketName),
        EngineStatus.BucketNotEmpty => S3Errors.BucketNotEmpty(call.BucketName),
        EngineStatus.PreconditionFailed => S3Errors.PreconditionFailed(call.Header("If-Match") is not null ? "If-Match" : "If-None-Match"),
        EngineStatus.ConditionalConflict => S3Errors.ConditionalConflict(),
        EngineStatus.NoSuchUpload => S3Errors.NoSuchUpload(call.Query.Get("uploadId") ?? ""),
        EngineStatus.InvalidPart => S3Errors.InvalidPart(),
        EngineStatus.InvalidPartOrder => S3Errors.InvalidPartOrder(),
        EngineStatus.EntityTooSmall => S3Errors.EntityTooSmall(),
        EngineStatus.BadDigest => S3Errors.BadDigest(ChecksumHeaders.HeaderName(ChecksumHeaders.Given(call.Request))),
        EngineStatus.EncryptionKeyMismatch => S3Errors.AccessDenied("The object was stored with a different customer-provided key (SSE-C); send the key it was written with."),
        EngineStatus.DataCorrupted => S3Errors.InternalError("Every stored copy of this object's data failed its checksum; it cannot be served."),
        EngineStatus.DeleteMarker => S3Errors.MethodNotAllowed(call.Request.Method, "DeleteMarker").WithHeader("x-amz-delete-marker", "true"),
        _ => S3Errors.InternalError(),
    };

    private static void Check(EngineStatus status, S3Call call)
    {
        if (status != EngineStatus.Ok)
        {
            throw new S3Exception(ToError(status, call));
        }
    }
}
