using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class ObjectKeysTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("dir/file.txt")]
    [InlineData("/leading//double/")]
    [InlineData("...")]
    [InlineData(".hidden/..x/x..")]
    [InlineData("€ and 😀")]
    public void Validate_ValidKey_ReturnsNull(string key) => Assert.Null(ObjectKeys.Validate(key));

    [Fact]
    public void Validate_Exactly1024Bytes_Allowed() => Assert.Null(ObjectKeys.Validate(new string('a', 1024)));

    [Fact]
    public void Validate_1025Bytes_KeyTooLong()
    {
        Assert.Equal("KeyTooLongError", ObjectKeys.Validate(new string('a', 1025))?.Code);
    }

    [Fact]
    public void Validate_MultiByteCharsOver1024Bytes_KeyTooLong()
    {
        // 342 × 3 bytes = 1026 bytes in 342 characters: the limit is on UTF-8 bytes.
        var error = ObjectKeys.Validate(new string('€', 342));
        Assert.Equal("KeyTooLongError", error?.Code);
        Assert.Equal(400, error?.Status);
    }

    [Fact]
    public void Validate_Nul_InvalidArgument() => Assert.Equal("InvalidArgument", ObjectKeys.Validate("a\0b")?.Code);

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../etc/passwd")]
    [InlineData("a/./b")]
    [InlineData("a/..")]
    [InlineData("a//../b")]
    public void Validate_DotSegment_InvalidArgument(string key)
    {
        var error = ObjectKeys.Validate(key);
        Assert.Equal("InvalidArgument", error?.Code);
        Assert.Equal(400, error?.Status);
    }
}
