using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>
/// Verifies AWS Signature Version 4 on an ASP.NET Core request: the Authorization header or a presigned URL,
/// with AWS's error codes and messages. Reads headers and the raw request target only, never the body: the
/// caller checks the body against <see cref="SigV4Result.ExpectedPayloadSha256"/> or decodes it with
/// <see cref="AwsChunkedStream"/>.
/// </summary>
internal sealed class SigV4Verifier(ICredentialStore credentials, SigV4Options options, TimeProvider time)
{
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const string Unsupported = "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.";
    private const string NotSigned = "There were headers present in the request which were not signed";

    private readonly SigningKeyCache _keys = new();

    public SigV4Result Verify(HttpRequest request) => Verify(request, bodySha256: null);

    /// <summary>
    /// As <see cref="Verify(HttpRequest)"/>; <paramref name="bodySha256"/> (hex) is the payload hash for a service
    /// other than s3 when the request carries no x-amz-content-sha256 (plain SigV4, as the AWS test suite signs).
    /// </summary>
    internal SigV4Result Verify(HttpRequest request, string? bodySha256)
    {
        var target = RequestTarget.From(request);
        var authorization = request.Headers.Authorization.ToString();
        var queryAuth = target.Has("X-Amz-Algorithm") || target.Has("X-Amz-Credential") || target.Has("X-Amz-Signature");
        var queryV2 = target.Has("AWSAccessKeyId") && target.Has("Signature");
        if (authorization.Length == 0)
        {
            return queryAuth ? VerifyQuery(request, target, bodySha256)
                : queryV2 ? SigV4Result.Fail(SigV4Status.InvalidRequest, Unsupported)
                : SigV4Result.Fail(SigV4Status.Anonymous, "The request carries no credentials.");
        }
        if (queryAuth || queryV2)
        {
            return SigV4Result.Fail(SigV4Status.InvalidArgument,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
        }
        return VerifyHeader(request, target, authorization, bodySha256);
    }

    private SigV4Result VerifyHeader(HttpRequest request, RequestTarget target, string authorization, string? bodySha256)
    {
        const string Malformed = "The authorization header is malformed; ";
        if (!authorization.StartsWith(AuthorizationHeader.Algorithm + " ", StringComparison.Ordinal))
        {
            return authorization.StartsWith("AWS ", StringComparison.Ordinal) || authorization.StartsWith("AWS4-", StringComparison.Ordinal)
                ? SigV4Result.Fail(SigV4Status.InvalidRequest, Unsupported)
                : SigV4Result.Fail(SigV4Status.InvalidArgument, "Unsupported Authorization Type");
        }
        if (!AuthorizationHeader.TryParse(authorization.AsSpan(AuthorizationHeader.Algorithm.Length + 1), out var header) || header.SignedHeaders.Length == 0)
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationHeaderMalformed,
                Malformed + "the authorization header requires three components: Credential, SignedHeaders, and Signature.");
        }
        var scopeError = CheckScope(header.Credential, SigV4Status.AuthorizationHeaderMalformed, Malformed, out var scope);
        if (scopeError is { } e)
        {
            return e;
        }
        if (!TryGetHeaderTime(request, out var requestTime, out var timestamp))
        {
            return SigV4Result.Fail(SigV4Status.AccessDenied, "AWS authentication requires a valid Date or x-amz-date header");
        }
        if (!timestamp.StartsWith(scope.Date, StringComparison.Ordinal))
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationHeaderMalformed, Malformed + "Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        var now = time.GetUtcNow();
        if ((now - requestTime).Duration() > options.MaxSkew)
        {
            return SigV4Result.Fail(SigV4Status.RequestTimeTooSkewed, "The difference between the request time and the current time is too large.")
                with { RequestTime = requestTime, ServerTime = now, AccessKeyId = scope.AccessKeyId };
        }
        return VerifySignature(request, target, presigned: false, scope, timestamp, requestTime, header.SignedHeaders, header.Signature, bodySha256);
    }

    private SigV4Result VerifyQuery(HttpRequest request, RequestTarget target, string? bodySha256)
    {
        const string CredentialError = "Error parsing the X-Amz-Credential parameter; ";
        var algorithm = target.Get("X-Amz-Algorithm");
        var credential = target.Get("X-Amz-Credential");
        var date = target.Get("X-Amz-Date");
        var expires = target.Get("X-Amz-Expires");
        var signedHeaders = target.Get("X-Amz-SignedHeaders");
        var signature = target.Get("X-Amz-Signature");
        if (algorithm is null || credential is null || date is null || expires is null || string.IsNullOrEmpty(signedHeaders) || signature is null)
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationQueryParametersError,
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        if (algorithm != AuthorizationHeader.Algorithm)
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationQueryParametersError, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        var scopeError = CheckScope(credential, SigV4Status.AuthorizationQueryParametersError, CredentialError, out var scope);
        if (scopeError is { } e)
        {
            return e;
        }
        if (!TryParseAmzDate(date, out var requestTime))
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationQueryParametersError, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        if (!date.StartsWith(scope.Date, StringComparison.Ordinal))
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationQueryParametersError,
                $"Invalid credential date \"{scope.Date}\". This date is not the same as X-Amz-Date: \"{date[..Math.Min(8, date.Length)]}\".");
        }
        if (!long.TryParse(expires, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationQueryParametersError, "X-Amz-Expires should be a number");
        }
        if (seconds < 0)
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationQueryParametersError, "X-Amz-Expires must be non-negative");
        }
        var maxSeconds = (long)options.MaxPresignedExpiry.TotalSeconds;
        if (seconds > maxSeconds)
        {
            return SigV4Result.Fail(SigV4Status.AuthorizationQueryParametersError,
                $"X-Amz-Expires must be less than a week (in seconds) that is {maxSeconds.ToString(CultureInfo.InvariantCulture)}");
        }
        var now = time.GetUtcNow();
        var expiry = requestTime.AddSeconds(seconds);
        if (now > expiry)
        {
            return SigV4Result.Fail(SigV4Status.AccessDenied, "Request has expired")
                with { Expires = expiry, ServerTime = now, RequestTime = requestTime, AccessKeyId = scope.AccessKeyId };
        }
        if (requestTime - now > options.MaxSkew)
        {
            return SigV4Result.Fail(SigV4Status.RequestTimeTooSkewed, "The difference between the request time and the current time is too large.")
                with { RequestTime = requestTime, ServerTime = now, AccessKeyId = scope.AccessKeyId };
        }
        return VerifySignature(request, target, presigned: true, scope, date, requestTime, signedHeaders, signature, bodySha256);
    }

    private SigV4Result? CheckScope(string credential, SigV4Status status, string prefix, out CredentialScope scope)
    {
        if (!CredentialScope.TryParse(credential, out scope))
        {
            return SigV4Result.Fail(status, prefix + "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        if (!string.Equals(scope.Region, options.Region, StringComparison.Ordinal))
        {
            return SigV4Result.Fail(status, $"{prefix}the region '{scope.Region}' is wrong; expecting '{options.Region}'") with { Region = options.Region };
        }
        if (!string.Equals(scope.Service, options.Service, StringComparison.Ordinal))
        {
            return SigV4Result.Fail(status, $"{prefix}incorrect service \"{scope.Service}\". This endpoint belongs to \"{options.Service}\".");
        }
        if (!string.Equals(scope.Terminator, "aws4_request", StringComparison.Ordinal))
        {
            return SigV4Result.Fail(status, $"{prefix}incorrect terminal \"{scope.Terminator}\". This endpoint uses \"aws4_request\".");
        }
        return null;
    }

    private SigV4Result VerifySignature(
        HttpRequest request, RequestTarget target, bool presigned, CredentialScope scope, string timestamp, DateTimeOffset requestTime,
        string signedHeadersText, string signatureHex, string? bodySha256)
    {
        var signedHeaders = signedHeadersText.Split(';');
        if (options.IsS3 && Array.IndexOf(signedHeaders, "host") < 0)
        {
            return SigV4Result.Fail(SigV4Status.AccessDenied, NotSigned) with { HeadersNotSigned = "host" };
        }
        if (!credentials.TryGet(scope.AccessKeyId, out var credential))
        {
            return SigV4Result.Fail(SigV4Status.InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.")
                with { AccessKeyId = scope.AccessKeyId };
        }
        var payloadError = ResolvePayload(request, presigned, bodySha256, out var payloadKind, out var payloadHash);
        if (payloadError is { } pe)
        {
            return pe;
        }
        if (options.IsS3 && UnsignedAmzHeaders(request.Headers, signedHeaders) is { } unsigned)
        {
            return SigV4Result.Fail(SigV4Status.AccessDenied, NotSigned) with { HeadersNotSigned = unsigned };
        }

        Span<byte> canonicalHash = stackalloc byte[32];
        CanonicalRequest.Hash(request.Method, target, presigned, request.Headers, signedHeaders, signedHeadersText, payloadHash, canonicalHash);
        var key = _keys.Get(credential.SecretAccessKey, scope.Date, scope.Region, scope.Service);
        Span<byte> expected = stackalloc byte[32];
        Sign(key, timestamp, scope.Scope, canonicalHash, expected);
        var provided = new byte[32];
        if (!SigV4Hex.TryParse(signatureHex.AsSpan(), provided) || !CryptographicOperations.FixedTimeEquals(expected, provided))
        {
            // Only now the texts as strings: the error shows what was signed, so the client can see where it differs.
            var canonical = CanonicalRequest.Build(request.Method, target, presigned, request.Headers, signedHeaders, signedHeadersText, payloadHash);
            var stringToSign = StringToSign(timestamp, scope.Scope, canonical);
            return SigV4Result.Fail(SigV4Status.SignatureDoesNotMatch,
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
                with
            {
                AccessKeyId = scope.AccessKeyId,
                SignatureProvided = signatureHex,
                StringToSign = stringToSign,
                CanonicalRequest = canonical,
                IsPresigned = presigned,
            };
        }

        var streamingSigned = payloadKind is PayloadKind.StreamingSigned or PayloadKind.StreamingSignedTrailer;
        return new SigV4Result
        {
            Status = SigV4Status.Authenticated,
            Message = "",
            Credential = credential,
            AccessKeyId = scope.AccessKeyId,
            PayloadKind = payloadKind,
            ExpectedPayloadSha256 = payloadKind == PayloadKind.Sha256 ? payloadHash.ToLowerInvariant() : null,
            ChunkSigning = streamingSigned ? new ChunkSigningContext(key, timestamp, scope.Scope, provided) : null,
            IsPresigned = presigned,
            RequestTime = requestTime,
        };
    }

    private SigV4Result? ResolvePayload(HttpRequest request, bool presigned, string? bodySha256, out PayloadKind kind, out string hash)
    {
        var header = request.Headers["x-amz-content-sha256"].ToString();
        kind = PayloadKind.Sha256;
        hash = header;
        if (!options.IsS3)
        {
            // Plain SigV4 (the AWS test suite): the payload hash is the header if sent, else the body's.
            hash = header.Length > 0 ? header : bodySha256 ?? SigV4Hex.EmptySha256;
            return null;
        }
        if (header.Length == 0)
        {
            if (presigned)
            {
                kind = PayloadKind.Unsigned;
                hash = PayloadHash.Unsigned;
                return null;
            }
            return SigV4Result.Fail(SigV4Status.InvalidRequest, "Missing required header for this request: x-amz-content-sha256");
        }
        if (!PayloadHash.TryClassify(header, out kind)
            || (presigned && kind is not (PayloadKind.Unsigned or PayloadKind.Sha256)))
        {
            return SigV4Result.Fail(SigV4Status.InvalidArgument, PayloadHash.InvalidMessage);
        }
        return null;
    }

    /// <summary>S3 refuses x-amz-* headers outside the signature: they change what a request does.</summary>
    private static string? UnsignedAmzHeaders(IHeaderDictionary headers, string[] signedHeaders)
    {
        List<string>? unsigned = null;
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                && Array.FindIndex(signedHeaders, s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                (unsigned ??= []).Add(name.ToLowerInvariant());
            }
        }
        return unsigned is null ? null : string.Join(',', unsigned);
    }

    /// <summary>HMAC(key, "AWS4-HMAC-SHA256\n" timestamp "\n" scope "\n" hex(canonical request hash)), the string to sign
    /// written as UTF-8 into a stack buffer (both texts are short: the timestamp's format and the scope's region and
    /// service were checked before).</summary>
    private static void Sign(byte[] key, string timestamp, string scope, ReadOnlySpan<byte> canonicalHash, Span<byte> signature)
    {
        var encoding = System.Text.Encoding.UTF8;
        var max = StringToSignPrefix.Length + encoding.GetMaxByteCount(timestamp.Length + scope.Length) + 2 + (2 * canonicalHash.Length);
        byte[]? rented = max > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(max) : null;
        var buffer = rented is null ? stackalloc byte[512] : rented;
        try
        {
            StringToSignPrefix.CopyTo(buffer);
            var at = StringToSignPrefix.Length;
            at += encoding.GetBytes(timestamp, buffer[at..]);
            buffer[at++] = (byte)'\n';
            at += encoding.GetBytes(scope, buffer[at..]);
            buffer[at++] = (byte)'\n';
            SigV4Hex.WriteLower(canonicalHash, buffer[at..]);
            at += 2 * canonicalHash.Length;
            HMACSHA256.HashData(key, buffer[..at], signature);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ReadOnlySpan<byte> StringToSignPrefix => "AWS4-HMAC-SHA256\n"u8;

    private static string StringToSign(string timestamp, string scope, string canonicalRequest)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonicalRequest), hash);
        return "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + Convert.ToHexStringLower(hash);
    }

    private static bool TryGetHeaderTime(HttpRequest request, out DateTimeOffset requestTime, out string timestamp)
    {
        var amzDate = request.Headers["x-amz-date"].ToString();
        if (amzDate.Length > 0)
        {
            timestamp = amzDate;
            return TryParseAmzDate(amzDate, out requestTime);
        }
        var date = request.Headers.Date.ToString();
        if (date.Length > 0 && DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out requestTime))
        {
            timestamp = requestTime.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
            return true;
        }
        requestTime = default;
        timestamp = "";
        return false;
    }

    private static bool TryParseAmzDate(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(value, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
