using Nimbus.Api;

namespace Nimbus.IntegrationTests;

/// <summary>What the agent does for an instance: build once, run unprivileged, roll without a gap, spread over zones.</summary>
public sealed class RuntimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly AppFolders _apps = new();
    private NimbusCloud? _cloud;

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 calls IAsyncLifetime on test classes, not IAsyncDisposable.
    public async Task DisposeAsync()
    {
        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }
        _apps.Dispose();
    }

    private string App(string? manifest = null) => _apps.Hello(manifest);

    [Fact]
    public async Task BuildCommand_RunsOncePerReleasePerNode_BeforeInstancesStart()
    {
        _cloud = await NimbusCloud.StartAsync();
        var app = App("""
            name: static
            build: echo "built $NIMBUS_RELEASE" >> built.txt
            run: python3 -m http.server $PORT --bind 127.0.0.1
            instances: 3
            """);

        await _cloud.DeployAsync(app);

        var instances = await _cloud.ReadyAsync("static", 3, Patience);
        foreach (var instance in instances)
        {
            Assert.Equal("built v1\n", await Http.GetAsync(instance.Address, "/built.txt"));
        }
    }

    [Fact]
    public async Task HelloDotnet_BuildsOnTheNodeAndServes()
    {
        _cloud = await NimbusCloud.StartAsync();
        var app = Directory.CreateTempSubdirectory("nimbus-dotnet-").FullName;
        File.SetUnixFileMode(app, (UnixFileMode)0b111_101_101);
        try
        {
            foreach (var file in Directory.GetFiles(Repo.Example("hello-dotnet")))
            {
                File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
            }
            await _cloud.DeployAsync(app, "--timeout", "4m");

            var instance = (await _cloud.ReadyAsync("hello-dotnet", 1, Patience))[0];
            Assert.Equal($"hello from {instance.Id} (v1)\n", await Http.GetAsync(instance.Address));
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    [Fact]
    public async Task Instance_WhenNimbusRunsAsRoot_RunsAsAnUnprivilegedUser()
    {
        if (Environment.UserName != "root")
        {
            return; // Nothing to drop: the instance runs as the same unprivileged user as Nimbus.
        }
        _cloud = await NimbusCloud.StartAsync();
        await _cloud.DeployAsync(App(), "--instances", "1");
        var instance = (await _cloud.ReadyAsync("hello", 1, Patience))[0];

        var uid = File.ReadLines($"/proc/{instance.Pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        Assert.DoesNotContain("\t0\t", uid + "\t");
        Assert.Contains("65534", uid);
    }

    [Fact]
    public async Task RollingUpdate_NeverDropsBelowTheRequestedReadyCount()
    {
        _cloud = await NimbusCloud.StartAsync();
        await _cloud.DeployAsync(App(), "--instances", "2");
        await _cloud.ReadyAsync("hello", 2, Patience);

        var rollout = _cloud.CliAsync("env", "set", "hello", "GREETING=rolling");
        var lowest = int.MaxValue;
        while (!rollout.IsCompleted)
        {
            var list = await _cloud.Client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, default, app: "hello");
            lowest = Math.Min(lowest, list.Items.Count(i => i.Status.Ready && !i.Spec.Stop));
            await Task.Delay(20);
        }
        var result = await rollout;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, lowest);
        var after = await _cloud.ReadyAsync("hello", 2, Patience);
        Assert.All(after, i => Assert.Equal("v2", i.Release));
    }

    [Fact]
    public async Task Up_WithTwoZones_RunsAnAgentPerZone_AndSpreadsInstances()
    {
        _cloud = await NimbusCloud.StartAsync(null, "--zones", "2");
        await _cloud.DeployAsync(App(), "--instances", "4");

        var instances = await _cloud.ReadyAsync("hello", 4, Patience);

        Assert.Equal(2, instances.Count(i => i.Zone == "local-a"));
        Assert.Equal(2, instances.Count(i => i.Zone == "local-b"));
        var nodes = await _cloud.Client.ListAsync("nodes", NimbusJson.Default.ResourceListNode, default);
        Assert.Equal(2, nodes.Items.Count);
        Assert.All(nodes.Items, n => Assert.Equal(Environment.ProcessorCount * 1000L / 2, n.Spec.Capacity.CpuMillis));
    }

    [Fact]
    public async Task Deploy_NeedingMoreThanAnyNodeHas_StaysPendingWithTheReason_AndFails()
    {
        _cloud = await NimbusCloud.StartAsync();
        var app = App("""
            name: huge
            run: python3 server.py
            memory: 4096Gi
            health:
              start_grace: 3s
            """);

        var result = await _cloud.CliAsync("deploy", app, "--timeout", "60s");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no Ready node has", result.Stderr);
    }
}
