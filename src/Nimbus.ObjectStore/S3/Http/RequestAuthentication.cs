using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>The one place requests are authenticated: SigV4 in headers or query, mapped to S3 errors, and the body
/// opened the way the signature protects it (aws-chunked decoded and verified chunk by chunk).</summary>
internal sealed class RequestAuthentication(SigV4Verifier verifier)
{
    /// <summary>Who signed the request (or why it is refused) and how its body is protected.</summary>
    internal readonly record struct Outcome(S3Credential? Credential, S3Error? Error, bool Anonymous, string? ExpectedSha256Hex, SigV4Result Result);

    public Outcome Authenticate(HttpRequest request)
    {
        var result = verifier.Verify(request);
        if (result.Status == SigV4Status.Anonymous)
        {
            return new Outcome(null, null, true, null, result);
        }
        if (!result.IsAuthenticated)
        {
            var error = new S3Error(result.HttpStatusCode, result.ErrorCode, result.Message)
                .With("AWSAccessKeyId", result.AccessKeyId)
                .With("SignatureProvided", result.SignatureProvided)
                .With("StringToSign", result.StringToSign)
                .With("CanonicalRequest", result.CanonicalRequest)
                .With("Region", result.Region)
                .With("HeadersNotSigned", result.HeadersNotSigned)
                .With("RequestTime", Format(result.RequestTime))
                .With("ServerTime", Format(result.ServerTime))
                .With("Expires", Format(result.Expires));
            return new Outcome(null, error, false, null, result);
        }
        return new Outcome(result.Credential, null, false, result.PayloadKind == PayloadKind.Sha256 ? result.ExpectedPayloadSha256 : null, result);
    }

    /// <summary>The request body as the object's bytes (aws-chunked decoded and verified) and the length it must have.</summary>
    public static S3Error? OpenBody(S3Call call, out Stream body, out long? length)
    {
        var result = call.Auth.Result;
        if (result.PayloadKind is PayloadKind.StreamingSigned or PayloadKind.StreamingSignedTrailer or PayloadKind.StreamingUnsignedTrailer)
        {
            body = AwsChunkedStream.Create(call.Request.Body, result);
            var decoded = call.Request.Headers["x-amz-decoded-content-length"].ToString();
            if (!long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                length = null;
                return decoded.Length == 0
                    ? S3Errors.MissingContentLength()
                    : S3Errors.InvalidArgument("x-amz-decoded-content-length", decoded, "x-amz-decoded-content-length must be the object's size in bytes.");
            }
            length = n;
            return null;
        }
        body = call.Request.Body;
        length = call.Request.ContentLength;
        return null;
    }

    /// <summary>Trailing headers of an aws-chunked body, once it has been read to the end.</summary>
    public static IReadOnlyDictionary<string, string>? Trailers(Stream body) => (body as AwsChunkedStream)?.Trailers;

    private static string? Format(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
