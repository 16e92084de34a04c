using System.Buffers.Binary;
using System.Security.Cryptography;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// One stored block, version 1: <c>data ‖ tag ‖ crc</c>. <c>data</c> is the plaintext, or its AES-256-GCM ciphertext
/// under the nonce <c>noncePrefix (8 bytes, little-endian) ‖ block index (4 bytes, big-endian)</c> followed by the
/// 16-byte tag; <c>crc</c> is the CRC-32C (little-endian) of <c>block index (4 bytes, little-endian) ‖ data ‖ tag</c>.
/// Mixing the index into the CRC catches a block written at the wrong place; the CRC over the stored bytes lets the
/// scrubber check encrypted chunks without their keys. Inline bodies are a single block with index 0.
/// </summary>
internal static class BlockCodec
{
    public const int TagSize = 16;
    public const int CrcSize = 4;
    public const int NonceSize = 12;

    public static int Overhead(bool encrypted) => encrypted ? TagSize + CrcSize : CrcSize;

    /// <summary>Writes the stored form of <paramref name="plaintext"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int Seal(ReadOnlySpan<byte> plaintext, AesGcm? aes, ulong noncePrefix, uint blockIndex, Span<byte> destination)
    {
        var dataAndTag = plaintext.Length;
        if (aes is null)
        {
            plaintext.CopyTo(destination);
        }
        else
        {
            Span<byte> nonce = stackalloc byte[NonceSize];
            WriteNonce(noncePrefix, blockIndex, nonce);
            aes.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagSize));
            dataAndTag += TagSize;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(destination[dataAndTag..], ComputeCrc(blockIndex, destination[..dataAndTag]));
        return dataAndTag + CrcSize;
    }

    /// <summary>
    /// Checks a stored block (of <paramref name="plaintextLength"/> bytes of plaintext) and decrypts it in place: on
    /// success its first <paramref name="plaintextLength"/> bytes are the plaintext. False when the CRC or the tag fails.
    /// </summary>
    public static bool TryOpen(Span<byte> stored, int plaintextLength, AesGcm? aes, ulong noncePrefix, uint blockIndex)
    {
        if (!Verify(stored, plaintextLength, aes is not null, blockIndex))
        {
            return false;
        }
        if (aes is null)
        {
            return true;
        }
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(noncePrefix, blockIndex, nonce);
        var data = stored[..plaintextLength];
        try
        {
            aes.Decrypt(nonce, data, stored.Slice(plaintextLength, TagSize), data);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>The CRC check alone (what the scrubber can do without the data key).</summary>
    public static bool Verify(ReadOnlySpan<byte> stored, int plaintextLength, bool encrypted, uint blockIndex)
    {
        var dataAndTag = plaintextLength + (encrypted ? TagSize : 0);
        return stored.Length >= dataAndTag + CrcSize
            && BinaryPrimitives.ReadUInt32LittleEndian(stored[dataAndTag..]) == ComputeCrc(blockIndex, stored[..dataAndTag]);
    }

    private static uint ComputeCrc(uint blockIndex, ReadOnlySpan<byte> stored)
    {
        Span<byte> index = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(index, blockIndex);
        return ~Crc32C.Update(Crc32C.Update(~0u, index), stored);
    }

    private static void WriteNonce(ulong prefix, uint blockIndex, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(nonce, prefix);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], blockIndex);
    }
}
