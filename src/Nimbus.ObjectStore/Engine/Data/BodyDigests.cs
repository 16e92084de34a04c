using System.Security.Cryptography;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>MD5, SHA-256 (when asked for) and the requested checksum of a body's plaintext, computed as it streams.</summary>
internal sealed class BodyDigests : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash? _sha256;
    private readonly IncrementalChecksum? _checksum;

    public BodyDigests(ChecksumAlgorithm algorithm, bool sha256 = true)
    {
        _sha256 = sha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        Algorithm = algorithm;
        _checksum = algorithm == ChecksumAlgorithm.None ? null : Checksum.Create(algorithm);
    }

    public ChecksumAlgorithm Algorithm { get; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5.AppendData(data);
        _sha256?.AppendData(data);
        _checksum?.Append(data);
    }

    public (byte[] Md5, byte[] Sha256, byte[] Checksum) Finish()
    {
        byte[] checksum = _checksum is null ? [] : new byte[_checksum.Size];
        _checksum?.GetHashAndReset(checksum);
        return (_md5.GetHashAndReset(), _sha256?.GetHashAndReset() ?? [], checksum);
    }

    public void Dispose()
    {
        _md5.Dispose();
        _sha256?.Dispose();
    }
}
