using Nimbus.Edge.Cache;

namespace Nimbus.Edge.Tests.Cache;

public sealed class EntityTagsTests
{
    [Theory]
    [InlineData("\"a\"", "\"a\"", true)]
    [InlineData("W/\"a\"", "\"a\"", true)]
    [InlineData("\"a\"", "\"b\"", false)]
    [InlineData("\"a, b\", \"c\"", "\"c\"", true)]
    [InlineData("\"a, b\"", "\"b\"", false)]
    [InlineData("*", "\"x\"", true)]
    [InlineData("\"x\"", null, false)]
    public void AnyMatches_IfNoneMatchList_UsesWeakComparison(string ifNoneMatch, string? etag, bool expected) =>
        Assert.Equal(expected, EntityTags.AnyMatches(ifNoneMatch, etag));
}
