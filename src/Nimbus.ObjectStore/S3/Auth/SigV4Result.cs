namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>
/// What <see cref="SigV4Verifier"/> found: the status (an S3 error code unless Authenticated or Anonymous) with
/// AWS's message, the credential, how the body is protected, and, on errors, the details AWS puts in the error
/// body (StringToSign and CanonicalRequest for SignatureDoesNotMatch, the expected Region, the times).
/// </summary>
internal readonly struct SigV4Result
{
    public SigV4Status Status { get; init; }

    public string Message { get; init; }

    public S3Credential? Credential { get; init; }

    public PayloadKind PayloadKind { get; init; }

    /// <summary>The signed body hash (lower-case hex) when <see cref="PayloadKind"/> is Sha256.</summary>
    public string? ExpectedPayloadSha256 { get; init; }

    /// <summary>For the streaming-signed payload kinds: what <see cref="AwsChunkedStream"/> needs to check the chunks.</summary>
    public ChunkSigningContext? ChunkSigning { get; init; }

    public bool IsPresigned { get; init; }

    /// <summary>The access key the request named (also on InvalidAccessKeyId and SignatureDoesNotMatch).</summary>
    public string? AccessKeyId { get; init; }

    public string? SignatureProvided { get; init; }

    public string? StringToSign { get; init; }

    public string? CanonicalRequest { get; init; }

    /// <summary>The region this endpoint expects, on AuthorizationHeaderMalformed / AuthorizationQueryParametersError for a wrong region.</summary>
    public string? Region { get; init; }

    /// <summary>Comma-separated x-amz-* headers that were present but not signed.</summary>
    public string? HeadersNotSigned { get; init; }

    public DateTimeOffset? RequestTime { get; init; }

    public DateTimeOffset? ServerTime { get; init; }

    /// <summary>When a presigned URL expired (on "Request has expired").</summary>
    public DateTimeOffset? Expires { get; init; }

    public bool IsAuthenticated => Status == SigV4Status.Authenticated;

    /// <summary>The S3 error code (the enum name) for a failure.</summary>
    public string ErrorCode => Status.ToString();

    /// <summary>The HTTP status AWS answers the error with.</summary>
    public int HttpStatusCode => Status switch
    {
        SigV4Status.Authenticated or SigV4Status.Anonymous => 200,
        SigV4Status.AuthorizationHeaderMalformed or SigV4Status.AuthorizationQueryParametersError
            or SigV4Status.InvalidArgument or SigV4Status.InvalidRequest => 400,
        _ => 403,
    };

    internal static SigV4Result Fail(SigV4Status status, string message) => new() { Status = status, Message = message };
}
