using Nimbus.Api.Manifests;

namespace Nimbus.Api.Tests.Manifests;

public sealed class FieldSuggesterTests
{
    [Theory]
    [InlineData("health", "health", 0)]
    [InlineData("heath", "health", 1)]
    [InlineData("memroy", "memory", 1)]
    [InlineData("cpu", "run", 3)]
    [InlineData("", "env", 3)]
    public void Distance_CountsEditsAndSwaps(string a, string b, int distance) =>
        Assert.Equal(distance, FieldSuggester.Distance(a, b));
}
