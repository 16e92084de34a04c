namespace Nimbus.Api.Tests.Manifests;

/// <summary><c>logs:</c> — how long and how much of an app's output each node keeps.</summary>
public sealed class ManifestLoaderLogsTests : ManifestFiles
{
    [Fact]
    public void Load_RetentionAndSize_AreKept_AndEitherMayBeLeftToTheDefault()
    {
        var logs = Loaded("run: x\nlogs:\n  retention: 30d\n  max_size: 64Mi\n").Logs!;
        Assert.Equal((TimeSpan.FromDays(30), 64L << 20), (logs.Retention, logs.MaxBytes));
        Assert.Null(Loaded("run: x\nlogs:\n  retention: 12h\n").Logs!.MaxBytes);
        Assert.Null(Loaded("run: x\n").Logs);
    }

    [Theory]
    [InlineData("retention: 30m", "logs.retention", "between 1h and 365d")]
    [InlineData("retention: 400d", "logs.retention", "at most 365d")]
    [InlineData("retention: soon", "logs.retention", "such as 12h or 30d")]
    [InlineData("max_size: 10Ki", "logs.max_size", "between 1Mi and 1Ti")]
    [InlineData("max_size: big", "logs.max_size", "such as 64Mi")]
    [InlineData("keep: 3", "logs.keep", "retention")]
    public void Load_BadValue_IsAnErrorNamingTheField(string line, string field, string message)
    {
        var error = Error($"run: x\nlogs:\n  {line}\n");

        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
    }
}
