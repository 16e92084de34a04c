namespace Nimbus.ObjectStore.Checksums;

/// <summary>Running CRC-32 (IEEE).</summary>
internal sealed class Crc32Checksum : IncrementalChecksum
{
    private uint _state = ~0u;

    public override ChecksumAlgorithm Algorithm => ChecksumAlgorithm.Crc32;
    public override int Size => 4;
    public override void Append(ReadOnlySpan<byte> data) => _state = Crc32.Update(_state, data);

    public override void GetHashAndReset(Span<byte> destination)
    {
        Crc32.WriteBigEndian(~_state, destination);
        _state = ~0u;
    }
}
