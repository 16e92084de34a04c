using Nimbus.Edge.Dns;

namespace Nimbus.Edge.Tests.Dns;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("hello.nimbus.internal", "hello.nimbus.internal")]
    [InlineData("hello.nimbus.internal.", "hello.nimbus.internal")]
    [InlineData("", "")]
    [InlineData(".", "")]
    [InlineData("a\\.b.example", "a\\046b.example")]
    [InlineData("sp\\032ace.example", "sp\\032ace.example")]
    public void Encode_ThenFormat_GivesPresentationForm(string text, string expected)
    {
        Assert.Equal(expected, DnsName.ToString(DnsName.Encode(text)));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("..")]
    [InlineData("caf\u00e9.example")]
    [InlineData("bad\\99")]
    [InlineData("bad\\999.example")]
    public void TryEncode_InvalidText_Fails(string text)
    {
        Assert.False(DnsName.TryEncode(text, new byte[255], out _));
    }

    [Fact]
    public void TryEncode_LabelOf64Bytes_Fails()
    {
        Assert.True(DnsName.TryEncode(new string('a', 63) + ".x", new byte[255], out _));
        Assert.False(DnsName.TryEncode(new string('a', 64) + ".x", new byte[255], out _));
    }

    [Fact]
    public void TryEncode_NameOver255Bytes_Fails()
    {
        string label = new('a', 63);
        string name253 = $"{label}.{label}.{label}.{new string('b', 61)}"; // 4 labels: 64*3 + 62 + 1 = 255 wire bytes
        Assert.True(DnsName.TryEncode(name253, new byte[255], out int length));
        Assert.Equal(255, length);
        Assert.False(DnsName.TryEncode(name253 + "c", new byte[255], out _));
    }

    [Fact]
    public void TryRead_PointerLoop_FailsWithoutHanging()
    {
        // Header-sized padding, then a pointer to itself at offset 12.
        byte[] packet = new byte[14];
        packet[12] = 0xC0;
        packet[13] = 12;
        int pos = 12;
        Assert.Equal(DnsParseError.PointerLoop, DnsName.TryRead(packet, ref pos, new byte[255], out _));
    }

    [Fact]
    public void TryRead_PointerLoopThroughLabels_FailsAsTooLong()
    {
        byte[] packet = [.. new byte[12], 3, (byte)'a', (byte)'b', (byte)'c', 0xC0, 12];
        int pos = 12;
        Assert.Equal(DnsParseError.NameTooLong, DnsName.TryRead(packet, ref pos, new byte[255], out _));
    }

    [Fact]
    public void TryRead_PointerPastEnd_Fails()
    {
        byte[] packet = [.. new byte[12], 0xC0, 200];
        int pos = 12;
        Assert.Equal(DnsParseError.BadPointer, DnsName.TryRead(packet, ref pos, new byte[255], out _));
    }

    [Fact]
    public void TryRead_LabelRunningPastEnd_Fails()
    {
        byte[] packet = [.. new byte[12], 10, (byte)'a'];
        int pos = 12;
        Assert.Equal(DnsParseError.Truncated, DnsName.TryRead(packet, ref pos, new byte[255], out _));
    }

    [Fact]
    public void TryRead_ReservedLabelType_Fails()
    {
        byte[] packet = [.. new byte[12], 0x40, 0];
        int pos = 12;
        Assert.Equal(DnsParseError.BadLabelType, DnsName.TryRead(packet, ref pos, new byte[255], out _));
    }

    [Fact]
    public void TryRead_CompressedName_FollowsPointerAndAdvancesPastIt()
    {
        // "example" at 12, then "www" + pointer to 12 at 21.
        byte[] packet = [.. new byte[12], 7, .. "example"u8, 0, 3, .. "www"u8, 0xC0, 12, 0xFF];
        int pos = 21;
        byte[] wire = new byte[255];
        Assert.Equal(DnsParseError.None, DnsName.TryRead(packet, ref pos, wire, out int length));
        Assert.Equal("www.example", DnsName.ToString(wire.AsSpan(0, length)));
        Assert.Equal(27, pos);
    }

    [Fact]
    public void EqualsIgnoreCase_DifferentCase_IsEqual()
    {
        Assert.True(DnsName.EqualsIgnoreCase(DnsName.Encode("Hello.NIMBUS.internal"), DnsName.Encode("hello.nimbus.INTERNAL")));
        Assert.False(DnsName.EqualsIgnoreCase(DnsName.Encode("hello.nimbus.internal"), DnsName.Encode("hellp.nimbus.internal")));
    }
}
