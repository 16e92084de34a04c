using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Interop;
using Nimbus.Agent.Logs;
using Nimbus.Agent.Runtime;
using Nimbus.Agent.Tests.TestSupport;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Tests.Runtime;

/// <summary>Real processes under a real supervisor, cgroup driver and app user.</summary>
public sealed class InstanceSupervisorTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Start_HttpServer_BecomesReadyWithPidAndAddressAndItsOutputIsLogged()
    {
        var port = FreePort.Get();
        await using var supervisor = Supervisor(TestApps.ServerCommand, port);

        supervisor.Start();

        await UntilAsync(supervisor, s => s.Ready);
        var state = supervisor.Current;
        Assert.Equal(InstancePhase.Running, state.Phase);
        Assert.True(state.EverReady);
        Assert.Equal($"127.0.0.1:{port}", state.Address);
        Assert.True(ProcFs.IsAlive(state.Pid));
        Assert.Equal(state.Pid, ProcFs.ProcessGroup(state.Pid));
        Assert.NotNull(state.StartedAt);
        Assert.Equal(0, state.Restarts);
        await Poll.UntilAsync(() => ReadLog(supervisor).Contains($"out|serving on {port}"), Deadline, () => ReadLog(supervisor));
        await Poll.UntilAsync(() => ReadLog(supervisor).Contains("err|stderr works"), Deadline, () => ReadLog(supervisor));
        var lines = await InstanceLogReader.ReadAsync(_dir.Combine("logs"), supervisor.Options.InstanceId, null, null,
            CancellationToken.None);
        Assert.Contains(lines, l => l.Stream == "out" && l.Text == $"serving on {port}");
    }

    [Fact]
    public async Task LeadProcessKilledWithSigkill_IsRestartedAndReadyAgain()
    {
        await using var supervisor = Supervisor(TestApps.ServerCommand, FreePort.Get());
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);
        var firstPid = supervisor.Current.Pid;

        Assert.True(Signals.SendToProcess(firstPid, Signals.SIGKILL));

        await UntilAsync(supervisor, s => s.Restarts == 1 && s.Ready);
        var state = supervisor.Current;
        Assert.NotEqual(firstPid, state.Pid);
        Assert.Equal("killed by SIGKILL", state.LastExit);
        Assert.Equal(InstancePhase.Running, state.Phase);
    }

    [Fact]
    public async Task CommandExitingWith3AtStart_RecordsTheExitAndKeepsRestartingButIsNeverReady()
    {
        var states = new List<InstanceState>();
        await using var supervisor = Supervisor("echo giving up >&2; exit 3", FreePort.Get());
        supervisor.Changed += s =>
        {
            lock (states)
            {
                states.Add(s);
            }
        };

        supervisor.Start();

        await UntilAsync(supervisor, s => s.Restarts >= 2 && s.LastExit == "exit code 3");
        Assert.False(supervisor.Current.EverReady);
        Assert.Contains("err|giving up", ReadLog(supervisor));
        lock (states)
        {
            Assert.Contains(states, s => s.Phase == InstancePhase.Crashed && s.Message.Contains("restarting in 250ms"));
            Assert.Contains(states, s => s.Phase == InstancePhase.Crashed && s.Message.Contains("restarting in 500ms"));
            Assert.DoesNotContain(states, s => s.Ready);
        }
    }

    [Fact]
    public async Task StopAsync_ProcessIgnoringSigterm_IsKilledAfterTheGraceAndNothingOfItsGroupRemains()
    {
        var sleep = TestApps.UniqueSleep();
        await using var supervisor = Supervisor($"trap '' TERM; sleep {sleep}; echo never", FreePort.Get(),
            stopGrace: TimeSpan.FromMilliseconds(500));
        supervisor.Start();
        await Poll.UntilAsync(() => ProcFs.FindByCommandLine("sleep", sleep).Count == 1, Deadline, () => "sleep not started");
        var pid = supervisor.Current.Pid;
        try
        {
            var started = DateTime.UtcNow;
            await supervisor.StopAsync(CancellationToken.None).WaitAsync(Deadline);

            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(450), "stopped before the grace ran out");
            Assert.Equal(InstancePhase.Stopped, supervisor.Current.Phase);
            Assert.Equal(0, supervisor.Current.Pid);
            Assert.Equal("killed by SIGKILL", supervisor.Current.LastExit);
            Assert.Empty(ProcFs.GroupMembers(pid));
            Assert.Empty(ProcFs.FindByCommandLine("sleep", sleep));
        }
        finally
        {
            ProcFs.Kill(ProcFs.FindByCommandLine("sleep", sleep));
        }
    }

    [Fact]
    public async Task StopAsync_AppWithBackgroundChildren_TakesThemDownToo()
    {
        var inGroup = TestApps.UniqueSleep();
        var escaped = TestApps.UniqueSleep();
        await using var supervisor = Supervisor(
            $"sleep {inGroup} & setsid sleep {escaped} & {TestApps.ServerCommand}", FreePort.Get());
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);
        await Poll.UntilAsync(
            () => ProcFs.FindByCommandLine("sleep", inGroup).Count == 1 && ProcFs.FindByCommandLine("sleep", escaped).Count == 1,
            Deadline, () => "background sleeps not started");
        var pid = supervisor.Current.Pid;
        try
        {
            await supervisor.StopAsync(CancellationToken.None).WaitAsync(Deadline);

            Assert.Empty(ProcFs.GroupMembers(pid));
            Assert.Empty(ProcFs.FindByCommandLine("sleep", inGroup));
            if (CgroupDriver.Detect().Enabled)
            {
                // It left the process group; only the cgroup still knew it.
                Assert.Empty(ProcFs.FindByCommandLine("sleep", escaped));
            }
        }
        finally
        {
            ProcFs.Kill(ProcFs.FindByCommandLine("sleep", inGroup).Concat(ProcFs.FindByCommandLine("sleep", escaped)));
        }
    }

    [Fact]
    public async Task LeadExitsOnItsOwn_ItsBackgroundChildIsKilledBeforeTheRestart()
    {
        var sleep = TestApps.UniqueSleep();
        var state = Directory.CreateDirectory(_dir.Combine("state"), (UnixFileMode)0b111_111_111).FullName;
        File.SetUnixFileMode(state, (UnixFileMode)0b111_111_111); // past the umask: the app user writes here
        var marker = Path.Combine(state, "ran-once");
        await using var supervisor = Supervisor(
            $"if [ -e {marker} ]; then {TestApps.ServerCommand}; fi; touch {marker}; sleep {sleep} & exit 1", FreePort.Get());
        try
        {
            supervisor.Start();

            await UntilAsync(supervisor, s => s.Restarts == 1 && s.Ready);
            Assert.Equal("exit code 1", supervisor.Current.LastExit);
            Assert.Empty(ProcFs.FindByCommandLine("sleep", sleep));
        }
        finally
        {
            ProcFs.Kill(ProcFs.FindByCommandLine("sleep", sleep));
        }
    }

    [Fact]
    public async Task Environment_IsExactlyTheGivenOnePlusPort()
    {
        Environment.SetEnvironmentVariable("NIMBUS_AGENT_TEST_SECRET", "must-not-leak");
        var port = FreePort.Get();
        await using var supervisor = Supervisor(TestApps.ServerCommand, port, env: TestApps.Environment(("GREETING", "hi")));
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);

        var env = ProcFs.Environment(supervisor.Current.Pid);

        Assert.Equal("hi", env["GREETING"]);
        Assert.Equal(port.ToString(), env["PORT"]);
        Assert.False(env.ContainsKey("NIMBUS_AGENT_TEST_SECRET"));
        Assert.False(env.ContainsKey("HOME"));
    }

    [Fact]
    public async Task Start_AsRoot_RunsTheAppAsNobodyInItsOwnCgroup()
    {
        var runAs = AppUser.Resolve();
        await using var supervisor = Supervisor(TestApps.ServerCommand, FreePort.Get(), runAs: runAs);
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);
        var pid = supervisor.Current.Pid;

        var uid = ProcFs.StatusField(pid, "Uid")!.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..];
        var gid = ProcFs.StatusField(pid, "Gid")!.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..];
        var groups = ProcFs.StatusField(pid, "Groups")!["Groups:".Length..].Trim();
        if (runAs is { } user)
        {
            Assert.All(uid, u => Assert.Equal(user.Uid.ToString(), u));
            Assert.All(gid, g => Assert.Equal(user.Gid.ToString(), g));
            Assert.Equal("", groups);
        }
        else
        {
            Assert.NotEqual("0", uid[0]);
        }

        if (CgroupDriver.Detect().Enabled)
        {
            Assert.Contains($"/nimbus/{supervisor.Options.InstanceId}\n", ProcFs.Cgroups(pid));
        }
    }

    [Fact]
    public async Task StopAsync_RemovesTheCgroupAndEndsStopped()
    {
        var driver = CgroupDriver.Detect();
        await using var supervisor = Supervisor(TestApps.ServerCommand, FreePort.Get(), cgroups: driver);
        supervisor.Start();
        await UntilAsync(supervisor, s => s.Ready);
        var cgroupLine = ProcFs.Cgroups(supervisor.Current.Pid);

        await supervisor.StopAsync(CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(InstancePhase.Stopped, supervisor.Current.Phase);
        Assert.False(supervisor.Current.Ready);
        Assert.Equal("killed by SIGTERM", supervisor.Current.LastExit);
        if (driver.Enabled)
        {
            Assert.Contains("/nimbus/" + supervisor.Options.InstanceId, cgroupLine);
            Assert.False(Directory.Exists($"/sys/fs/cgroup/memory/nimbus/{supervisor.Options.InstanceId}"));
            Assert.False(Directory.Exists($"/sys/fs/cgroup/nimbus/{supervisor.Options.InstanceId}"));
        }
    }

    [Fact]
    public async Task AppExceedingItsMemoryLimit_IsReportedOomKilled()
    {
        var driver = CgroupDriver.Detect();
        Assert.True(driver.Enabled, driver.Description);
        var env = TestApps.Environment(("HOG_PY", "import time\nb = b'x' * (512 << 20)\ntime.sleep(100)"));
        await using var supervisor = Supervisor("exec /usr/bin/python3 -c \"$HOG_PY\"", FreePort.Get(), env: env,
            limits: new ComputeResources(500, 64L * 1024 * 1024), cgroups: driver);

        supervisor.Start();

        await UntilAsync(supervisor, s => s.LastExit != "");
        Assert.Equal("OOM-killed", supervisor.Current.LastExit);
    }

    [Fact]
    public async Task ChangedHandlerThatThrows_DoesNotStopSupervision()
    {
        var seen = 0;
        await using var supervisor = Supervisor(TestApps.ServerCommand, FreePort.Get());
        supervisor.Changed += _ => throw new InvalidOperationException("bad subscriber");
        supervisor.Changed += _ => Interlocked.Increment(ref seen);

        supervisor.Start();

        await UntilAsync(supervisor, s => s.Ready);
        await Poll.UntilAsync(() => Volatile.Read(ref seen) >= 2, Deadline, () => $"second handler saw {seen}");
    }

    [Fact]
    public async Task StopAsync_BeforeStart_EndsStoppedWithoutAProcess()
    {
        await using var supervisor = Supervisor(TestApps.ServerCommand, FreePort.Get());

        await supervisor.StopAsync(CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(InstancePhase.Stopped, supervisor.Current.Phase);
        Assert.Throws<InvalidOperationException>(supervisor.Start);
    }

    public void Dispose() => _dir.Dispose();

    private InstanceSupervisor Supervisor(string command, int port, Dictionary<string, string>? env = null,
        TimeSpan? stopGrace = null, (int Uid, int Gid)? runAs = null, ICgroupDriver? cgroups = null,
        ComputeResources? limits = null)
    {
        var options = new SupervisorOptions(
            "test-" + Guid.NewGuid().ToString("N")[..12],
            command,
            _dir.Path,
            env ?? TestApps.Environment(),
            port,
            new HealthCheck { Path = "/", Interval = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(1) },
            limits ?? new ComputeResources(500, 256L * 1024 * 1024),
            _dir.Combine("logs"),
            runAs ?? AppUser.Resolve(),
            stopGrace ?? TimeSpan.FromSeconds(5));
        return new InstanceSupervisor(options, cgroups ?? CgroupDriver.Detect(), TimeProvider.System, NullLogger.Instance);
    }

    private static Task UntilAsync(InstanceSupervisor supervisor, Func<InstanceState, bool> condition) =>
        Poll.UntilAsync(() => condition(supervisor.Current), Deadline, () => supervisor.Current.ToString());

    private string ReadLog(InstanceSupervisor supervisor)
    {
        var path = _dir.Combine("logs", supervisor.Options.InstanceId + ".log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }
}
