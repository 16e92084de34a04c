using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Wraps a 256-bit data key with AES-256-GCM under a key-encryption key (the node's master key for SSE-S3, the
/// customer's key for SSE-C): <c>nonce (12) ‖ encrypted key (32) ‖ tag (16)</c>. The associated data names the
/// format and the encryption kind, so an SSE-S3 wrapped key cannot be passed off as an SSE-C one or the reverse.
/// </summary>
internal static class KeyWrap
{
    public const int KeySize = 32;
    public const int WrappedSize = BlockCodec.NonceSize + KeySize + BlockCodec.TagSize;

    public static void Wrap(ReadOnlySpan<byte> wrappingKey, EncryptionKind kind, ReadOnlySpan<byte> dataKey, Span<byte> wrapped)
    {
        Span<byte> aad = stackalloc byte[AadSize];
        WriteAad(kind, aad);
        var nonce = wrapped[..BlockCodec.NonceSize];
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(wrappingKey, BlockCodec.TagSize);
        aes.Encrypt(nonce, dataKey, wrapped.Slice(BlockCodec.NonceSize, KeySize), wrapped.Slice(BlockCodec.NonceSize + KeySize, BlockCodec.TagSize), aad);
    }

    /// <summary>False when the wrapping key is not the one the data key was wrapped with (or the wrapped key is damaged).</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> wrappingKey, EncryptionKind kind, ReadOnlySpan<byte> wrapped, Span<byte> dataKey)
    {
        if (wrappingKey.Length != KeySize || wrapped.Length != WrappedSize)
        {
            return false;
        }
        Span<byte> aad = stackalloc byte[AadSize];
        WriteAad(kind, aad);
        using var aes = new AesGcm(wrappingKey, BlockCodec.TagSize);
        try
        {
            aes.Decrypt(wrapped[..BlockCodec.NonceSize], wrapped.Slice(BlockCodec.NonceSize, KeySize), wrapped.Slice(BlockCodec.NonceSize + KeySize, BlockCodec.TagSize), dataKey, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            return false;
        }
    }

    private const int AadSize = 13;

    private static void WriteAad(EncryptionKind kind, Span<byte> aad)
    {
        "nimbus.dk.v1"u8.CopyTo(aad);
        aad[12] = (byte)kind;
    }
}
