namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>
/// An aws-chunked body was malformed, truncated or wrongly signed. <see cref="ErrorCode"/> is the S3 error to
/// answer with (IncompleteBody, SignatureDoesNotMatch, InvalidRequest); whatever was staged must be discarded.
/// </summary>
internal sealed class AwsChunkedException(string errorCode, string message) : IOException(message)
{
    public const string IncompleteBody = "IncompleteBody";
    public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
    public const string InvalidRequest = "InvalidRequest";

    public string ErrorCode { get; } = errorCode;

    /// <summary>The HTTP status S3 answers <see cref="ErrorCode"/> with.</summary>
    public int HttpStatusCode => ErrorCode == SignatureDoesNotMatch ? 403 : 400;

    internal static AwsChunkedException Malformed(string detail) => new(InvalidRequest, "Malformed chunked encoding: " + detail);

    internal static AwsChunkedException Truncated() => new(IncompleteBody, "The request body ended before the final chunk.");

    internal static AwsChunkedException BadSignature(string what) =>
        new(SignatureDoesNotMatch, "The " + what + " signature we calculated does not match the signature you provided.");
}
