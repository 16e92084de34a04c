using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 100, 0, 10)]
    [InlineData("bytes=10-", 100, 10, 90)]
    [InlineData("bytes=-10", 100, 90, 10)]
    [InlineData("bytes=-1000", 100, 0, 100)]
    [InlineData("bytes=90-1000", 100, 90, 10)]
    [InlineData("bytes=99-99", 100, 99, 1)]
    [InlineData("Bytes= 5 - 6 ", 100, 5, 2)]
    [InlineData("bytes=0-9223372036854775807", 100, 0, 100)]
    public void Resolve_SatisfiableRange_IsPartial(string header, long size, long offset, long length)
    {
        Assert.Equal(ByteRange.Result.Partial, ByteRange.Resolve(header, size, out var o, out var l));
        Assert.Equal(offset, o);
        Assert.Equal(length, l);
    }

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=100-200", 100)]
    [InlineData("bytes=-0", 100)]
    [InlineData("bytes=0-", 0)]
    [InlineData("bytes=-5", 0)]
    public void Resolve_PastTheEnd_IsUnsatisfiable(string header, long size) =>
        Assert.Equal(ByteRange.Result.Unsatisfiable, ByteRange.Resolve(header, size, out _, out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("items=0-1")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=5")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=9-3")]
    [InlineData("bytes=-")]
    [InlineData("bytes=--5")]
    [InlineData("bytes=-1-2")]
    [InlineData("bytes=99999999999999999999-")]
    public void Resolve_IgnorableHeader_IsWholeObject(string? header)
    {
        Assert.Equal(ByteRange.Result.Whole, ByteRange.Resolve(header, 100, out var offset, out var length));
        Assert.Equal(0, offset);
        Assert.Equal(100, length);
    }
}
