namespace Nimbus.ObjectStore.Checksums;

/// <summary>Running CRC-64/NVME.</summary>
internal sealed class Crc64NvmeChecksum : IncrementalChecksum
{
    private ulong _state = ~0ul;

    public override ChecksumAlgorithm Algorithm => ChecksumAlgorithm.Crc64Nvme;
    public override int Size => 8;
    public override void Append(ReadOnlySpan<byte> data) => _state = Crc64Nvme.Update(_state, data);

    public override void GetHashAndReset(Span<byte> destination)
    {
        Crc64Nvme.WriteBigEndian(~_state, destination);
        _state = ~0ul;
    }
}
