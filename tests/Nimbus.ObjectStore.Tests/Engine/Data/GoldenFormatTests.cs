using System.Globalization;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

/// <summary>
/// Freezes the persisted formats: chunk files and layouts written by this version must stay readable, and what it
/// writes must not change by accident. A failure here means a format change: add a new version instead. (The frozen
/// encrypted object was also checked against an independent decoder written from the format documentation.)
/// </summary>
public sealed class GoldenFormatTests
{
    private const string Id = "00112233445566778899aabbccddeeff";

    [Fact]
    public void ChunkHeader_Version1_IsFrozen()
    {
        var header = new byte[ChunkFormat.HeaderSize];
        ChunkFormat.WriteHeader(new ChunkHeader(64, 100, UInt128.Parse(Id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), true, 0x1122334455667788), header);

        Assert.Equal("4e42434b0100010040000000640000000000000000112233445566778899aabbccddeeff8877665544332211bb79220f", Convert.ToHexStringLower(header));
        Assert.True(ChunkFormat.TryReadHeader(header, out var parsed));
        Assert.Equal((64, 100L, true, 0x1122334455667788UL), (parsed.BlockSize, parsed.PlaintextLength, parsed.Encrypted, parsed.NoncePrefix));
    }

    [Fact]
    public void PlainBlock_Version1_IsFrozen()
    {
        var block = new byte[9];

        var n = BlockCodec.Seal("hello"u8, null, 0, 3, block);

        Assert.Equal(9, n);
        Assert.Equal("68656c6c6ff3a9497d", Convert.ToHexStringLower(block));
    }

    [Fact]
    public void Layouts_Version1_AreFrozen()
    {
        var chunks = LayoutCodec.EncodeChunks(EncryptionKind.None, [], 1000,
            [new ChunkRef(Id, 512, []), new ChunkRef("ffeeddccbbaa99887766554433221100", 488, ["node-a", "b"])]);
        var stored = new byte[9];
        BlockCodec.Seal("abcde"u8, null, 0, 0, stored);
        var inline = LayoutCodec.EncodeInline(EncryptionKind.None, [], 5, 0, stored);

        Assert.Equal("010200e8030000000000000200000000112233445566778899aabbccddeeff000200000000000000ffeeddccbbaa99887766"
        + "554433221100e80100000000000002066e6f64652d610162", Convert.ToHexStringLower(chunks));
        Assert.Equal("0101000500000000000000616263646501c8c73a", Convert.ToHexStringLower(inline));
        Assert.Equal("0103ed0300000000000002000000140000000101000500000000000000616263646501c8c73a4a000000010200e803000000"
        + "0000000200000000112233445566778899aabbccddeeff000200000000000000ffeeddccbbaa99887766554433221100e801"
        + "00000000000002066e6f64652d610162", Convert.ToHexStringLower(LayoutCodec.Concatenate([inline, chunks])));
        Assert.True(LayoutCodec.TryParse(chunks, out var parsed));
        Assert.Equal(["node-a", "b"], parsed.Segments[0].Chunks![1].Replicas);
    }

    [Fact]
    public async Task FrozenSseS3Object_Version1_ReadsBack()
    {
        await using var scope = await WithFrozenFilesAsync();
        var layout = Convert.FromHexString("0102013bd90fdfd3f89305273200b72ae20504fa06dbfeda828d9f5ed4bfedb3741f76053910a212e2acc1cf17c8a259209d"
            + "58593a4c9730adf151b902407a2b00000000000000020000008d0bb07134a9c9db9e2e096ceb058a70200000000000000000"
            + "2c48048bf175f8becfb1675c789eb3810b0000000000000000");

        Assert.Equal("The quick brown fox jumps over the lazy dog"u8.ToArray(), await scope.ReadAsync(layout, 0, 43));
        Assert.Equal("lazy"u8.ToArray(), await scope.ReadAsync(layout, 35, 4));
    }

    [Fact]
    public async Task FrozenSseCInlineObject_Version1_ReadsBackWithItsKey()
    {
        await using var scope = await WithFrozenFilesAsync();
        var layout = Convert.FromHexString("010102400f4df2232284675a90562207403aed74cb3be807598932ec4cdb48a447948d7785eb35d6b25feca0d4bd6b0d5301"
            + "841ee14baba08104331ff69cde020000000000000074dba137385befd0a6baac75f662298dc89547f1542f0e4e101218e4ec"
            + "75");

        Assert.Equal("hi"u8.ToArray(), await scope.ReadAsync(layout, 0, 2, EncryptionSpec.Customer(new byte[32])));
    }

    /// <summary>A store whose master key and chunk files are the frozen ones (block size 16, chunk size 32).</summary>
    private static async Task<DataStoreScope> WithFrozenFilesAsync()
    {
        var scope = new DataStoreScope(DataStoreScope.Small);
        await File.WriteAllBytesAsync(Path.Combine(scope.Directory, "master.key"), Convert.FromHexString("29768f84794a92df0c66afe6c61b852965146908cf4f0f925500cbb238b2b9c9"));
        await scope.ReopenAsync();
        await File.WriteAllBytesAsync(scope.ChunkPath("8d0bb07134a9c9db9e2e096ceb058a70"), Convert.FromHexString(
            "4e42434b010001001000000020000000000000008d0bb07134a9c9db9e2e096ceb058a7067439716f51d9e94d1f858570548"
            + "00d7101928af05363db18f032643b4ab0a2b2f1879e44adcf160dfa958da04e2b1bb85a547a1d9f200ca6fa0698d06a4bd9b"
            + "dc8783c9d1c3eeb5b276fdbd4364319d5b576a65"));
        await File.WriteAllBytesAsync(scope.ChunkPath("2c48048bf175f8becfb1675c789eb381"), Convert.FromHexString(
            "4e42434b01000100100000000b000000000000002c48048bf175f8becfb1675c789eb381a5d9b6361657cb787fb5eedbda61"
            + "839230ed8027953a74e2054645a2b2a6fd555b1c96a49a3de9f67c29de"));
        return scope;
    }
}
