using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>SSE-S3 (<c>x-amz-server-side-encryption: AES256</c>) and SSE-C (<c>x-amz-server-side-encryption-customer-*</c>) request headers.</summary>
internal static class EncryptionHeaders
{
    private const string Sse = "x-amz-server-side-encryption";
    private const string CustomerPrefix = "x-amz-server-side-encryption-customer-";
    private const string CopySourceCustomerPrefix = "x-amz-copy-source-server-side-encryption-customer-";
    /// <summary>The three customer-key fields under each prefix, named once (not concatenated per request).</summary>
    private static readonly CustomerFields ObjectKey = new(CustomerPrefix);
    private static readonly CustomerFields CopySourceKey = new(CopySourceCustomerPrefix);

    /// <summary>The encryption a write asks for, falling back to the bucket's default (SSE-S3) when it asks for none.</summary>
    public static EncryptionSpec ForWrite(HttpRequest request, BucketSettings bucket)
    {
        var customer = Customer(request, ObjectKey);
        var sse = request.Headers[Sse].ToString();
        if (customer.Kind == EncryptionKind.CustomerKey)
        {
            if (sse.Length > 0)
            {
                throw new S3Exception(S3Errors.InvalidArgument(Sse, sse, "Server Side Encryption with Customer provided key is incompatible with the encryption method specified."));
            }
            return customer;
        }
        return sse switch
        {
            "" => bucket.DefaultEncryption ? EncryptionSpec.S3Managed : EncryptionSpec.None,
            "AES256" => EncryptionSpec.S3Managed,
            "aws:kms" or "aws:kms:dsse" => throw new S3Exception(S3Errors.NotImplemented("SSE-KMS (use AES256 or a customer key)")),
            _ => throw new S3Exception(S3Errors.InvalidArgument(Sse, sse, "The encryption method specified is not supported; use AES256.")),
        };
    }

    /// <summary>The customer key a read (or a copy's source, with <paramref name="copySource"/>) supplies, if any.</summary>
    public static EncryptionSpec ForRead(HttpRequest request, bool copySource = false) =>
        Customer(request, copySource ? CopySourceKey : ObjectKey);

    private static EncryptionSpec Customer(HttpRequest request, CustomerFields fields)
    {
        var prefix = fields.Prefix;
        var algorithm = request.Headers[fields.Algorithm].ToString();
        var key = request.Headers[fields.Key].ToString();
        var md5 = request.Headers[fields.KeyMd5].ToString();
        if (algorithm.Length == 0 && key.Length == 0 && md5.Length == 0)
        {
            return EncryptionSpec.None;
        }
        if (!request.IsHttps && request.HttpContext.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
        {
            // The key would have crossed the network in the clear, as AWS refuses too.
            throw new S3Exception(S3Errors.InvalidRequest("Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection (or from this machine)."));
        }
        if (algorithm != "AES256")
        {
            throw new S3Exception(S3Errors.InvalidEncryptionKey($"{prefix}algorithm must be AES256 when a customer key is given."));
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new S3Exception(S3Errors.InvalidEncryptionKey($"{prefix}key must be a base64-encoded 256-bit key."));
        }
        if (bytes.Length != 32)
        {
            throw new S3Exception(S3Errors.InvalidEncryptionKey($"The secret key was invalid for the specified algorithm: {prefix}key must be 256 bits (32 bytes), got {bytes.Length}."));
        }
        if (md5.Length == 0)
        {
            throw new S3Exception(S3Errors.InvalidEncryptionKey($"Requests specifying Server Side Encryption with Customer provided keys must provide {prefix}key-MD5 (the base64 MD5 of the key)."));
        }
        if (Convert.ToBase64String(MD5.HashData(bytes)) != md5)
        {
            throw new S3Exception(S3Errors.InvalidEncryptionKey($"The calculated MD5 hash of the key did not match the hash that was provided in {prefix}key-MD5."));
        }
        return EncryptionSpec.Customer(bytes);
    }

    public static string KeyMd5(EncryptionSpec spec) => Convert.ToBase64String(MD5.HashData(spec.CustomerKey.Span));

    public static void Write(HttpResponse response, EncryptionKind kind, string? customerKeyMd5)
    {
        switch (kind)
        {
            case EncryptionKind.S3Managed:
                response.Headers[Sse] = "AES256";
                break;
            case EncryptionKind.CustomerKey:
                response.Headers[CustomerPrefix + "algorithm"] = "AES256";
                if (customerKeyMd5 is not null)
                {
                    response.Headers[CustomerPrefix + "key-MD5"] = customerKeyMd5;
                }
                break;
        }
    }

    private sealed class CustomerFields(string prefix)
    {
        public string Prefix { get; } = prefix;
        public string Algorithm { get; } = prefix + "algorithm";
        public string Key { get; } = prefix + "key";
        public string KeyMd5 { get; } = prefix + "key-MD5";
    }
}
