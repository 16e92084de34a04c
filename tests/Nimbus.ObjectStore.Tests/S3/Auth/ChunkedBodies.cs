using System.Security.Cryptography;
using System.Text;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.Tests.S3.Auth;

/// <summary>Encodes aws-chunked bodies the way the AWS SDKs do (the signer is checked against AWS's published example).</summary>
internal static class ChunkedBodies
{
    public static byte[] Signed(ChunkSigningContext context, IReadOnlyList<byte[]> chunks, IReadOnlyList<(string Name, string Value)>? trailers)
    {
        var ms = new MemoryStream();
        var previous = context.SeedSignature.ToArray();
        var signature = new byte[32];
        foreach (var chunk in chunks.Append([]))
        {
            context.SignChunk(previous, SHA256.HashData(chunk), signature);
            Write(ms, $"{chunk.Length:x};chunk-signature={Convert.ToHexStringLower(signature)}\r\n");
            ms.Write(chunk);
            if (chunk.Length > 0)
            {
                Write(ms, "\r\n");
            }
            signature.CopyTo(previous, 0);
        }
        if (trailers is not null)
        {
            var canonical = string.Concat(trailers.Select(t => $"{t.Name}:{t.Value}\n"));
            context.SignTrailer(previous, SHA256.HashData(Encoding.ASCII.GetBytes(canonical)), signature);
            foreach (var (name, value) in trailers)
            {
                Write(ms, $"{name}:{value}\r\n");
            }
            Write(ms, $"x-amz-trailer-signature:{Convert.ToHexStringLower(signature)}\r\n");
        }
        Write(ms, "\r\n");
        return ms.ToArray();
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.ASCII.GetBytes(text));
}
