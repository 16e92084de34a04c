using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class BucketNamesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("my-bucket.v2")]
    [InlineData("0bucket9")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    public void Validate_ValidName_ReturnsNull(string name) => Assert.Null(BucketNames.Validate(name));

    [Theory]
    [InlineData("", "between 3 and 63")]
    [InlineData("ab", "between 3 and 63")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", "between 3 and 63")]
    [InlineData("MyBucket", "'M' is not allowed")]
    [InlineData("my_bucket", "'_' is not allowed")]
    [InlineData("my bucket", "' ' is not allowed")]
    [InlineData("-bucket", "start and end")]
    [InlineData("bucket-", "start and end")]
    [InlineData(".bucket", "start and end")]
    [InlineData("a..b", "adjacent periods")]
    [InlineData("a.-b", "adjacent periods")]
    [InlineData("a-.b", "adjacent periods")]
    [InlineData("192.168.5.4", "IP address")]
    [InlineData("xn--bucket", "reserves")]
    [InlineData("sthree-bucket", "reserves")]
    [InlineData("bucket-s3alias", "reserves")]
    [InlineData("bucket--ol-s3", "reserves")]
    public void Validate_InvalidName_SaysWhy(string name, string why)
    {
        var error = BucketNames.Validate(name);
        Assert.NotNull(error);
        Assert.Contains(why, error, StringComparison.Ordinal);
    }
}
