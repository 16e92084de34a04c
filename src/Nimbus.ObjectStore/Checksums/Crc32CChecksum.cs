namespace Nimbus.ObjectStore.Checksums;

/// <summary>Running CRC-32C (Castagnoli).</summary>
internal sealed class Crc32CChecksum : IncrementalChecksum
{
    private uint _state = ~0u;

    public override ChecksumAlgorithm Algorithm => ChecksumAlgorithm.Crc32C;
    public override int Size => 4;
    public override void Append(ReadOnlySpan<byte> data) => _state = Crc32C.Update(_state, data);

    public override void GetHashAndReset(Span<byte> destination)
    {
        Crc32C.WriteBigEndian(~_state, destination);
        _state = ~0u;
    }
}
