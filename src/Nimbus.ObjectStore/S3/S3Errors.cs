namespace Nimbus.ObjectStore.S3;

/// <summary>The S3 errors this server returns, with AWS's codes and statuses and messages that say what to do.</summary>
internal static class S3Errors
{
    public static S3Error NoSuchBucket(string bucket) => new S3Error(404, "NoSuchBucket", "The specified bucket does not exist").With("BucketName", bucket);
    public static S3Error NoSuchKey(string key) => new S3Error(404, "NoSuchKey", "The specified key does not exist.").With("Key", key);
    public static S3Error NoSuchVersion(string key, string version) => new S3Error(404, "NoSuchVersion", "The specified version does not exist.").With("Key", key).With("VersionId", version);
    public static S3Error NoSuchUpload(string uploadId) => new S3Error(404, "NoSuchUpload", "The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.").With("UploadId", uploadId);
    public static S3Error NoSuchCors(string bucket) => new S3Error(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist").With("BucketName", bucket);
    public static S3Error NoSuchEncryption(string bucket) => new S3Error(404, "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found").With("BucketName", bucket);
    public static S3Error BucketNotEmpty(string bucket) => new S3Error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty; delete every object (and every version, if versioning was ever on) first.").With("BucketName", bucket);
    public static S3Error BucketAlreadyOwnedByYou(string bucket) => new S3Error(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.").With("BucketName", bucket);
    public static S3Error BucketAlreadyExists(string bucket) => new S3Error(409, "BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.").With("BucketName", bucket);
    public static S3Error InvalidBucketName(string bucket, string why) => new S3Error(400, "InvalidBucketName", $"The specified bucket is not valid: {why}.").With("BucketName", bucket);
    public static S3Error AccessDenied(string message = "Access Denied") => new(403, "AccessDenied", message);
    public static S3Error PreconditionFailed(string condition) => new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold").With("Condition", condition);
    public static S3Error ConditionalConflict() => new(409, "ConditionalRequestConflict", "A conflicting operation occurred on this key while the conditional request was in progress; retry the request.");
    public static S3Error InvalidRange(long size) => new S3Error(416, "InvalidRange", "The requested range is not satisfiable").With("ActualObjectSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)).WithHeader("Content-Range", $"bytes */{size}");
    public static S3Error BadDigest(string what) => new(400, "BadDigest", $"The {what} you specified did not match the calculated checksum.");
    public static S3Error InvalidDigest(string why) => new(400, "InvalidDigest", $"The Content-MD5 you specified is not valid: {why}.");
    public static S3Error Sha256Mismatch() => new(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
    public static S3Error EntityTooSmall() => new(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size: every part but the last must be at least 5 MiB.");
    public static S3Error EntityTooLarge(long max) => new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size; use a multipart upload for objects over 5 GiB.").With("MaxSizeAllowed", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static S3Error InvalidPart() => new(400, "InvalidPart", "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
    public static S3Error InvalidPartOrder() => new(400, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.");
    public static S3Error MalformedXml(string why) => new(400, "MalformedXML", $"The XML you provided was not well-formed or did not validate against our published schema: {why}.");
    public static S3Error InvalidArgument(string name, string? value, string message) => new S3Error(400, "InvalidArgument", message).With("ArgumentName", name).With("ArgumentValue", value);
    public static S3Error InvalidRequest(string message) => new(400, "InvalidRequest", message);
    public static S3Error IncompleteBody(string message) => new(400, "IncompleteBody", message);
    public static S3Error MissingContentLength() => new(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
    public static S3Error KeyTooLong() => new(400, "KeyTooLongError", "Your key is too long: at most 1024 bytes of UTF-8.");
    public static S3Error MetadataTooLarge() => new(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size of 2 KB.");
    public static S3Error HeadersTooLarge() => new(400, "RequestHeaderSectionTooLarge", "Your request header section exceeds the maximum allowed size of 8 KB.");
    public static S3Error MethodNotAllowed(string method, string resource) => new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.").With("Method", method).With("ResourceType", resource);
    public static S3Error NotImplemented(string what) => new(501, "NotImplemented", $"{what} is not implemented by Nimbus.");
    public static S3Error InternalError(string message = "We encountered an internal error. Please try again.") => new(500, "InternalError", message);
    public static S3Error SlowDown() => new(503, "SlowDown", "Please reduce your request rate.");
    public static S3Error InvalidEncryptionKey(string message) => new(400, "InvalidArgument", message);
    public static S3Error CorsForbidden() => new(403, "AccessForbidden", "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.");
    public static S3Error InvalidTag(string message) => new(400, "InvalidTag", message);
    public static S3Error IllegalVersioningConfiguration() => new(400, "IllegalVersioningConfigurationException", "The versioning configuration specified in the request is invalid: Status must be Enabled or Suspended.");
}
