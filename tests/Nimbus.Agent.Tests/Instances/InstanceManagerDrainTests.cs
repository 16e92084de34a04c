using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Instances;
using Nimbus.Agent.Releases;
using Nimbus.Agent.Runtime;
using Nimbus.Agent.Tests.TestSupport;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Tests.Instances;

/// <summary>The agent's side of zero-downtime stops, with real processes and an in-memory control plane: an instance
/// asked to stop leaves (not ready, Stopping) while still running, drains, then stops; a delete or the agent's own
/// shutdown cuts the drain short.</summary>
public sealed class InstanceManagerDrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    // Only the drain's timer is due after exactly this long: the test holds it.
    private static readonly TimeSpan Drain = TimeSpan.FromMinutes(4) + TimeSpan.FromMilliseconds(321);
    private const string ReleaseName = "web-v1";

    private readonly TempDirectory _dir = new();
    private readonly HeldTimerTimeProvider _time = new(Drain);
    private readonly CancellationTokenSource _stop = new();
    private FakeControlPlane _controlPlane = null!;
    private NimbusClient _client = null!;
    private InstanceManager _manager = null!;
    private Task _reporter = Task.CompletedTask;
    private bool _disposed;

    public Task InitializeAsync()
    {
        var release = new Release
        {
            Metadata = new ObjectMeta { Name = ReleaseName },
            Spec = new ReleaseSpec
            {
                App = "web",
                Version = 1,
                Bundle = "sha256:" + new string('0', 64),
                Manifest = new AppManifest
                {
                    Run = TestApps.ServerCommand,
                    Health = new HealthCheck { Path = "/", Interval = TimeSpan.FromMilliseconds(100) },
                    Edge = new EdgeSettings { Drain = Drain },
                },
                Env = { ["SERVER_PY"] = TestApps.ServerScript },
            },
        };
        _controlPlane = new FakeControlPlane(release);
        _client = new NimbusClient(new Uri("http://control-plane.test/"), "token", _controlPlane);
        var options = new AgentOptions { DataDirectory = _dir.Path, StopGrace = TimeSpan.FromSeconds(5), ShutdownDrain = TimeSpan.FromSeconds(1) };
        var paths = new AgentPaths(_dir.Path, "agent-test", needsWorldTraversable: AppUser.Resolve() is not null);
        // The release is already unpacked and built here, so nothing is downloaded.
        var releaseDir = Directory.CreateDirectory(paths.ReleaseDirectory("web", ReleaseName)).FullName;
        foreach (var dir in new[] { _dir.Path, paths.Releases, Path.GetDirectoryName(releaseDir)!, releaseDir })
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        }
        File.WriteAllText(paths.BuildMarker("web", ReleaseName), release.Spec.Bundle);
        var releases = new ReleaseCache(_client, paths, options, NullLogger<ReleaseCache>.Instance);
        _manager = new InstanceManager(_client, releases, paths, options, CgroupDriver.Detect(), _time, NullLoggerFactory.Instance);
        _reporter = _manager.RunReporterAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reporter.WaitAsync(Deadline);
        }
        catch (OperationCanceledException)
        {
        }
        if (!_disposed)
        {
            await _manager.DisposeAsync().AsTask().WaitAsync(Deadline);
        }
        _client.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task StopAsked_ReadyInstance_ReportsNotReadyStoppingWhileAliveThenDrainsThenStops()
    {
        var pid = await StartReadyAsync("web-a");

        _manager.Reconcile(Desired(Instance("web-a", stop: true)), _stop.Token);

        await Poll.UntilAsync(() => _time.Waiting == 1, Deadline, () => "no drain began");
        await Poll.UntilAsync(() => Last("web-a") is { Phase: InstancePhase.Stopping, Ready: false }, Deadline, () => $"reported {Last("web-a")?.Phase}");
        Assert.Equal(pid, Last("web-a")!.Pid);
        Assert.True(ProcFs.IsAlive(pid), "the instance must keep serving during the drain");

        _time.Release();

        await Poll.UntilAsync(() => Last("web-a")?.Phase == InstancePhase.Stopped, Deadline, () => $"reported {Last("web-a")?.Phase}");
        Assert.False(ProcFs.IsAlive(pid));
        Assert.Equal(0, _manager.Count);
        var statuses = _controlPlane.StatusesOf("web-a");
        var left = statuses.FindIndex(s => s.Phase == InstancePhase.Stopping);
        Assert.DoesNotContain(statuses.Skip(left), s => s.Ready);
    }

    [Fact]
    public async Task DeletedWhileDraining_StopsAtOnceWithoutWaitingTheDrain()
    {
        var pid = await StartReadyAsync("web-b");
        _manager.Reconcile(Desired(Instance("web-b", stop: true)), _stop.Token);
        await Poll.UntilAsync(() => _time.Waiting == 1, Deadline, () => "no drain began");

        _manager.Reconcile(Desired(), _stop.Token);

        await Poll.UntilAsync(() => !ProcFs.IsAlive(pid) && _manager.Count == 0, Deadline, () => "still running");
        Assert.Equal(0, _time.Waiting);
    }

    [Fact]
    public async Task DeletedOutright_ReadyInstance_IsNotDrained()
    {
        var pid = await StartReadyAsync("web-c");

        _manager.Reconcile(Desired(), _stop.Token);

        await Poll.UntilAsync(() => !ProcFs.IsAlive(pid) && _manager.Count == 0, Deadline, () => "still running");
        Assert.Equal(0, _time.Waiting);
    }

    [Fact]
    public async Task AgentStopping_DrainsEveryInstanceAtOnceForAtMostTheShutdownDrain()
    {
        var first = await StartReadyAsync("web-d");
        var second = await StartReadyAsync("web-e", Instance("web-d"));

        var disposing = _manager.DisposeAsync().AsTask();
        _disposed = true;

        // Both drains wait at the same time (not one after the other)...
        await Poll.UntilAsync(() => _time.Waiting == 2, Deadline, () => $"{_time.Waiting} drains waiting");
        Assert.True(ProcFs.IsAlive(first) && ProcFs.IsAlive(second));
        // ...and the shutdown drain (1 s) ends them although their own drain is minutes long.
        await disposing.WaitAsync(Deadline);
        Assert.False(ProcFs.IsAlive(first));
        Assert.False(ProcFs.IsAlive(second));
        // The DI container disposes it again after the agent did.
        await _manager.DisposeAsync().AsTask().WaitAsync(Deadline);
    }

    private async Task<int> StartReadyAsync(string name, params Instance[] others)
    {
        _manager.Reconcile(Desired([.. others, Instance(name)]), _stop.Token);
        await Poll.UntilAsync(() => Last(name) is { Ready: true }, Deadline, () => $"{name} reported {Last(name)?.Phase}: {Last(name)?.Message}");
        return Last(name)!.Pid;
    }

    private InstanceStatus? Last(string name) => _controlPlane.StatusesOf(name).LastOrDefault();

    private static Instance Instance(string name, bool stop = false) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new InstanceSpec { App = "web", Release = ReleaseName, Version = 1, Node = "node-a", Stop = stop },
    };

    private static Dictionary<string, Instance> Desired(params Instance[] instances) =>
        instances.ToDictionary(i => i.Metadata.Name, StringComparer.Ordinal);
}
