using Nimbus.Api.Security;

namespace Nimbus.Api.Tests.Security;

public sealed class BearerTokenTests
{
    private readonly BearerToken _token = new("nmb_secret_0123456789");

    [Theory]
    [InlineData("Bearer nmb_secret_0123456789", true)]
    [InlineData("bearer nmb_secret_0123456789 ", true)]
    [InlineData("Bearer nmb_secret_012345678", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Basic bm1iX3NlY3JldA==", false)]
    [InlineData("nmb_secret_0123456789", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Matches_OnlyTheExactTokenAfterTheBearerScheme(string? header, bool expected) =>
        Assert.Equal(expected, _token.Matches(header));
}
