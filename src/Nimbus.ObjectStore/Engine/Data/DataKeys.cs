using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>Per-body data keys: made when staging, and checked against the key a reader presents.</summary>
internal static class DataKeys
{
    /// <summary>A fresh data key for a body: the cipher over it, and the key wrapped for its layout (none without encryption).</summary>
    public static (AesGcm? Aes, byte[] WrappedKey) Create(EncryptionSpec encryption, byte[] masterKey)
    {
        if (encryption.Kind == EncryptionKind.None)
        {
            return (null, []);
        }
        var wrappingKey = encryption.Kind == EncryptionKind.S3Managed ? masterKey : encryption.CustomerKey.Span;
        if (wrappingKey.Length != KeyWrap.KeySize)
        {
            throw new ArgumentException($"an SSE-C key has {KeyWrap.KeySize} bytes, not {wrappingKey.Length}", nameof(encryption));
        }
        Span<byte> dataKey = stackalloc byte[KeyWrap.KeySize];
        RandomNumberGenerator.Fill(dataKey);
        var wrapped = new byte[KeyWrap.WrappedSize];
        KeyWrap.Wrap(wrappingKey, encryption.Kind, dataKey, wrapped);
        var aes = new AesGcm(dataKey, BlockCodec.TagSize);
        CryptographicOperations.ZeroMemory(dataKey);
        return (aes, wrapped);
    }

    /// <summary>
    /// SSE-C needs the customer's key, and a key that does not unwrap the data key is a mismatch (never corrupt data).
    /// A customer key given for data that is not SSE-C is a mismatch too, as S3 refuses it.
    /// </summary>
    public static EngineStatus CheckForRead(DataLayout layout, EncryptionSpec key, byte[] masterKey)
    {
        bool checkedCustomer = false, checkedMaster = false;
        foreach (var segment in layout.Segments)
        {
            if (segment.Encryption == EncryptionKind.CustomerKey && !checkedCustomer)
            {
                if (key.Kind != EncryptionKind.CustomerKey)
                {
                    return EngineStatus.EncryptionKeyMismatch;
                }
                using var aes = LayoutReadStream.UnwrapDataKey(segment, key.CustomerKey.Span);
                if (aes is null)
                {
                    return EngineStatus.EncryptionKeyMismatch;
                }
                checkedCustomer = true;
            }
            else if (segment.Encryption == EncryptionKind.S3Managed && !checkedMaster)
            {
                using var aes = LayoutReadStream.UnwrapDataKey(segment, masterKey);
                if (aes is null)
                {
                    return EngineStatus.DataCorrupted;
                }
                checkedMaster = true;
            }
        }
        return key.Kind == EncryptionKind.CustomerKey && !checkedCustomer ? EngineStatus.EncryptionKeyMismatch : EngineStatus.Ok;
    }
}
