using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>
/// Derived SigV4 signing keys (four chained HMACs) per secret, date, region and service: a key is valid for a
/// whole day, so nearly every request finds its key here. Bounded by clearing, which only costs re-derivation.
/// </summary>
internal sealed class SigningKeyCache
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _keys = new();

    public byte[] Get(string secret, string date, string region, string service)
    {
        var key = (secret, date, region, service);
        if (_keys.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var derived = Derive(secret, date, region, service);
        if (_keys.Count >= MaxEntries)
        {
            _keys.Clear();
        }
        _keys[key] = derived;
        return derived;
    }

    public static byte[] Derive(string secret, string date, string region, string service)
    {
        Span<byte> k = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date), k);
        HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(region), k);
        HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(service), k);
        HMACSHA256.HashData(k, "aws4_request"u8, k);
        return k.ToArray();
    }
}
