using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Interop;
using Nimbus.Agent.Runtime;
using Nimbus.Agent.Tests.TestSupport;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Tests.Runtime;

/// <summary>Draining before a stop, with real processes: the drain's own timer is held by the test, so "during the
/// drain" is a state the test controls rather than a race against the clock.</summary>
public sealed class InstanceSupervisorDrainTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    // Long and unusual, so only the drain's timer has this due time; the test releases it.
    private static readonly TimeSpan Drain = TimeSpan.FromMinutes(4) + TimeSpan.FromMilliseconds(321);

    private readonly TempDirectory _dir = new();
    private readonly HeldTimerTimeProvider _time = new(Drain);
    private readonly List<InstanceState> _states = [];

    [Fact]
    public async Task Drain_ReadyInstance_ReportsNotReadyStoppingFirstAndServesUntilTheDrainEnds()
    {
        var port = FreePort.Get();
        await using var supervisor = Supervisor(TestApps.ServerCommand, port);
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);
        var pid = supervisor.Current.Pid;

        var draining = supervisor.DrainAsync(CancellationToken.None);

        await Poll.UntilAsync(() => _time.Waiting == 1, Deadline, () => "the drain did not start waiting");
        var state = supervisor.Current;
        Assert.Equal(InstancePhase.Stopping, state.Phase);
        Assert.False(state.Ready);
        Assert.Equal(pid, state.Pid);
        Assert.Contains("draining", state.Message, StringComparison.Ordinal);
        Assert.True(ProcFs.IsAlive(pid));
        Assert.Equal("ok", await Get(port));
        Assert.False(draining.IsCompleted);

        _time.Release();
        await draining.WaitAsync(Deadline);
        Assert.True(ProcFs.IsAlive(pid), "the drain itself must not stop the process");
        await supervisor.StopAsync(CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(InstancePhase.Stopped, supervisor.Current.Phase);
        Assert.False(ProcFs.IsAlive(pid));
        lock (_states)
        {
            // Watchers saw it leave (not ready, Stopping, process still there) before anything else happened to it.
            var left = _states.FindIndex(s => s.Phase == InstancePhase.Stopping);
            Assert.True(left > 0);
            Assert.False(_states[left].Ready);
            Assert.Equal(pid, _states[left].Pid);
            Assert.DoesNotContain(_states.Skip(left), s => s.Ready);
        }
    }

    [Fact]
    public async Task Drain_Cancelled_ReturnsAtOnceAndTheStopFollows()
    {
        await using var supervisor = Supervisor(TestApps.ServerCommand, FreePort.Get());
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);
        using var cancel = new CancellationTokenSource();

        var draining = supervisor.DrainAsync(cancel.Token);
        await Poll.UntilAsync(() => _time.Waiting == 1, Deadline, () => "the drain did not start waiting");
        await cancel.CancelAsync();

        await draining.WaitAsync(Deadline);
        await supervisor.StopAsync(CancellationToken.None).WaitAsync(Deadline);
        Assert.Equal(InstancePhase.Stopped, supervisor.Current.Phase);
    }

    [Fact]
    public async Task Drain_InstanceNeverReady_ReturnsAtOnceWithoutWaiting()
    {
        var sleep = TestApps.UniqueSleep();
        await using var supervisor = Supervisor($"sleep {sleep}", FreePort.Get());
        try
        {
            supervisor.Start();
            await UntilAsync(supervisor, s => s.Pid > 0);

            await supervisor.DrainAsync(CancellationToken.None).WaitAsync(Deadline);

            Assert.Equal(0, _time.Waiting);
            Assert.Equal(InstancePhase.Starting, supervisor.Current.Phase);
            await supervisor.StopAsync(CancellationToken.None).WaitAsync(Deadline);
            Assert.Empty(ProcFs.FindByCommandLine("sleep", sleep));
        }
        finally
        {
            ProcFs.Kill(ProcFs.FindByCommandLine("sleep", sleep));
        }
    }

    [Fact]
    public async Task Drain_ProcessDiesMidDrain_EndsTheDrainWithoutARestart()
    {
        await using var supervisor = Supervisor(TestApps.ServerCommand, FreePort.Get());
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);
        var draining = supervisor.DrainAsync(CancellationToken.None);
        await Poll.UntilAsync(() => _time.Waiting == 1, Deadline, () => "the drain did not start waiting");

        Assert.True(Signals.SendToProcess(supervisor.Current.Pid, Signals.SIGKILL));

        await draining.WaitAsync(Deadline);
        await UntilAsync(supervisor, s => s.Phase == InstancePhase.Stopped);
        Assert.Equal(0, supervisor.Current.Restarts);
        Assert.Equal("killed by SIGKILL", supervisor.Current.LastExit);
        lock (_states)
        {
            Assert.DoesNotContain(_states, s => s.Phase == InstancePhase.Crashed);
        }
    }

    [Fact]
    public async Task Drain_ZeroDrain_GoesStraightToTheStop()
    {
        await using var supervisor = Supervisor(TestApps.ServerCommand, FreePort.Get(), drain: TimeSpan.Zero);
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);

        await supervisor.DrainAsync(CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(InstancePhase.Stopping, supervisor.Current.Phase);
        Assert.False(supervisor.Current.Ready);
        await supervisor.StopAsync(CancellationToken.None).WaitAsync(Deadline);
        Assert.Equal("killed by SIGTERM", supervisor.Current.LastExit);
    }

    public void Dispose() => _dir.Dispose();

    private InstanceSupervisor Supervisor(string command, int port, TimeSpan? drain = null)
    {
        var options = new SupervisorOptions(
            "test-" + Guid.NewGuid().ToString("N")[..12],
            command,
            _dir.Path,
            TestApps.Environment(),
            port,
            new HealthCheck { Path = "/", Interval = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(1) },
            new ComputeResources(500, 256L * 1024 * 1024),
            _dir.Combine("logs"),
            AppUser.Resolve(),
            TimeSpan.FromSeconds(5),
            drain ?? Drain);
        var supervisor = new InstanceSupervisor(options, CgroupDriver.Detect(), _time, NullLogger.Instance);
        supervisor.Changed += s =>
        {
            lock (_states)
            {
                _states.Add(s);
            }
        };
        return supervisor;
    }

    private static async Task<string> Get(int port)
    {
        using var client = new HttpClient { Timeout = Deadline };
        return await client.GetStringAsync($"http://127.0.0.1:{port}/");
    }

    private static Task UntilAsync(InstanceSupervisor supervisor, Func<InstanceState, bool> condition) =>
        Poll.UntilAsync(() => condition(supervisor.Current), Deadline, () => supervisor.Current.ToString());
}
