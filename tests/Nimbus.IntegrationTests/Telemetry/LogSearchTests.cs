using Nimbus.IntegrationTests.Edge;

namespace Nimbus.IntegrationTests.Telemetry;

/// <summary>`nimbus logs --grep/--where` over a real cloud: a line one instance of three wrote is found, and only it.</summary>
public sealed class LogSearchTests : IAsyncLifetime
{
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Grep_FindsTheLineOneInstanceOfThreeWrote_AndWhereMatchesItsJsonFields()
    {
        await _cloud.DeployAsync(EchoApp.Copy(), "--instances", "3");
        using var client = EdgeHttp.Client(_cloud);
        await EchoApp.WaitRoutedAsync(client, _cloud, "echo", 3);
        var needle = "needle-" + Guid.NewGuid().ToString("N");
        using var response = await client.GetAsync(EdgeHttp.Url(_cloud, "echo", $"/log?msg={needle}&level=warn"));
        response.EnsureSuccessStatusCode();
        var writer = response.Headers.GetValues("X-Instance").Single();

        var grep = await Poll.UntilAsync(async () =>
        {
            var result = await NimbusCli.RunAsync(_cloud.Data, TimeSpan.FromSeconds(60), "logs", "echo", "--grep", "needle-[0-9a-f]{32}");
            return result.ExitCode == 0 && result.Stdout.Contains(needle, StringComparison.Ordinal) ? result : null;
        }, TimeSpan.FromSeconds(30), "the line to show in `nimbus logs --grep`");
        var line = Assert.Single(grep.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($" {writer} | ", line);

        var where = await NimbusCli.RunAsync(_cloud.Data, TimeSpan.FromSeconds(60), "logs", "echo", "--where", $"msg={needle}", "--where", "level=warn");
        Assert.Contains(needle, Assert.Single(where.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var none = await NimbusCli.RunAsync(_cloud.Data, TimeSpan.FromSeconds(60), "logs", "echo", "--where", $"msg={needle}", "--where", "level=error");
        Assert.True(none.ExitCode == 0 && none.Stdout.Trim().Length == 0, none.ToString());

        var bad = await NimbusCli.RunAsync(_cloud.Data, TimeSpan.FromSeconds(60), "logs", "echo", "--grep", "(unclosed");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("grep", bad.Stderr);
    }
}
