namespace Nimbus.IntegrationTests.Edge;

/// <summary>Zero-downtime changes: a load generator runs through the edge while instances come and go.</summary>
public sealed class EdgeRolloutTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private NimbusCloud _cloud = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _cloud = await NimbusCloud.StartAsync();
        _client = EdgeHttp.Client(_cloud);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }
    }

    [Fact]
    public async Task Deploy_OfANewRelease_UnderLoad_FailsNoRequest()
    {
        var app = EchoApp.Copy();
        await _cloud.DeployAsync(app, "--instances", "2");
        await EchoApp.WaitRoutedAsync(_client, _cloud, "echo", 2);

        await using var load = new LoadGenerator(_client, EdgeHttp.Url(_cloud, "echo"));
        await load.FlowingAsync();
        await File.AppendAllTextAsync(Path.Combine(app, "server.py"), "\n# v2\n");
        var deploy = await _cloud.CliAsync("deploy", app);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains($"http://echo.localhost:{_cloud.Http!.Port}/", deploy.Stdout);
        await _cloud.ReadyAsync("echo", 2, Patience);
        await load.FlowingAsync();
        await load.DisposeAsync();

        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} of {load.Succeeded + load.Failures.Count} requests failed:\n{string.Join('\n', load.Failures.Take(20))}");
        Assert.All(await _cloud.PsAsync("echo"), i => Assert.Equal("v2", i.Release));
    }

    [Fact]
    public async Task Scale_UpTo4_ThenDownTo1_UnderLoad_FailsNoRequest()
    {
        await _cloud.DeployAsync(EchoApp.Copy(), "--instances", "1");
        await EchoApp.WaitRoutedAsync(_client, _cloud, "echo", 1);

        await using var load = new LoadGenerator(_client, EdgeHttp.Url(_cloud, "echo"));
        await load.FlowingAsync();
        var up = await _cloud.CliAsync("scale", "echo", "4");
        Assert.True(up.ExitCode == 0, up.ToString());
        await EchoApp.WaitRoutedAsync(_client, _cloud, "echo", 4);
        var down = await _cloud.CliAsync("scale", "echo", "1");
        Assert.True(down.ExitCode == 0, down.ToString());
        await load.FlowingAsync();
        await load.DisposeAsync();

        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} of {load.Succeeded + load.Failures.Count} requests failed:\n{string.Join('\n', load.Failures.Take(20))}");
        Assert.Single(await _cloud.PsAsync("echo"));
    }

    [Fact]
    public async Task InstanceKilled_UnderLoad_GetRequestsAreRetriedElsewhere()
    {
        await _cloud.DeployAsync(EchoApp.Copy(), "--instances", "3");
        await EchoApp.WaitRoutedAsync(_client, _cloud, "echo", 3);
        var victim = (await _cloud.PsAsync("echo"))[0];

        await using var load = new LoadGenerator(_client, EdgeHttp.Url(_cloud, "echo"));
        await load.FlowingAsync();
        Signals.Send(victim.Pid, Signals.SIGKILL);
        await load.FlowingAsync(100);
        await load.DisposeAsync();

        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} of {load.Succeeded + load.Failures.Count} GETs failed after SIGKILL of {victim.Id}:\n{string.Join('\n', load.Failures.Take(20))}");
        var traffic = await _cloud.Client.GetTrafficAsync("echo", default);
        Assert.Equal(0, traffic.Status["5xx"]);
    }
}
