namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>The outcome of verifying a request's signature; every value but the first two is an S3 error code.</summary>
internal enum SigV4Status : byte
{
    Authenticated = 0,

    /// <summary>No Authorization header and no presigned query: the caller decides (CORS preflight, public access) or answers AccessDenied.</summary>
    Anonymous,
    AccessDenied,
    InvalidAccessKeyId,
    SignatureDoesNotMatch,
    RequestTimeTooSkewed,
    AuthorizationHeaderMalformed,
    AuthorizationQueryParametersError,
    InvalidArgument,
    InvalidRequest,
}
