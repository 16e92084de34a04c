using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Checksums;

/// <summary>Running SHA-1 or SHA-256 over <see cref="IncrementalHash"/>.</summary>
internal sealed class HashChecksum(ChecksumAlgorithm algorithm, HashAlgorithmName name, int size) : IncrementalChecksum
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(name);

    public override ChecksumAlgorithm Algorithm => algorithm;
    public override int Size => size;
    public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);
    public override void GetHashAndReset(Span<byte> destination) => _hash.GetHashAndReset(destination);
}
