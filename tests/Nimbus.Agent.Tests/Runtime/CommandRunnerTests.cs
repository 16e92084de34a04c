using Nimbus.Agent.Logs;
using Nimbus.Agent.Runtime;
using Nimbus.Agent.Tests.TestSupport;

namespace Nimbus.Agent.Tests.Runtime;

public sealed class CommandRunnerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_CommandFailing_ReturnsExitCodeAndTheLast20LinesAndLogsEverything()
    {
        using var dir = new TempDirectory();
        using var log = new InstanceLogWriter(dir.Path, "build");

        // One stream: lines of stdout and stderr are read by separate readers, so their relative order is not defined.
        var result = await CommandRunner.RunAsync("for i in $(seq 1 30); do echo line$i; done; echo broken; exit 2",
            dir.Path, TestApps.Environment(), AppUser.Resolve(), log, Deadline, CancellationToken.None);

        Assert.Equal(2, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("exit code 2", result.Exit);
        Assert.Equal(20, result.Output.Count);
        Assert.Contains("broken", result.Output);
        Assert.Contains("line30", result.Output);
        Assert.DoesNotContain("line10", result.Output);
        var logged = await InstanceLogReader.ReadAsync(dir.Path, "build", null, null, CancellationToken.None);
        Assert.Equal(31, logged.Count);
    }

    [Fact]
    public async Task RunAsync_RunsAsTheAppUserWithOnlyTheGivenEnvironment()
    {
        Environment.SetEnvironmentVariable("NIMBUS_AGENT_TEST_SECRET", "must-not-leak");
        using var dir = new TempDirectory();
        var runAs = AppUser.Resolve();

        var result = await CommandRunner.RunAsync("id -u; env | sort", dir.Path, TestApps.Environment(("A", "1")), runAs,
            null, Deadline, CancellationToken.None);

        Assert.True(result.Succeeded, result.Exit);
        if (runAs is { } user)
        {
            Assert.Equal(user.Uid.ToString(), result.Output[0]);
        }

        Assert.Contains("A=1", result.Output);
        Assert.DoesNotContain(result.Output, l => l.StartsWith("NIMBUS_AGENT_TEST_SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PastTimeout_KillsTheWholeGroup()
    {
        using var dir = new TempDirectory();
        var sleep = TestApps.UniqueSleep();
        try
        {
            var result = await CommandRunner.RunAsync($"sleep {sleep} & sleep {sleep}", dir.Path, TestApps.Environment(),
                null, null, TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(Deadline);

            Assert.True(result.TimedOut);
            Assert.False(result.Succeeded);
            Assert.Empty(ProcFs.FindByCommandLine("sleep", sleep));
        }
        finally
        {
            ProcFs.Kill(ProcFs.FindByCommandLine("sleep", sleep));
        }
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheGroupAndThrows()
    {
        using var dir = new TempDirectory();
        var sleep = TestApps.UniqueSleep();
        using var cts = new CancellationTokenSource();
        try
        {
            var running = CommandRunner.RunAsync($"sleep {sleep}", dir.Path, TestApps.Environment(), null, null, Deadline, cts.Token);
            await Poll.UntilAsync(() => ProcFs.FindByCommandLine("sleep", sleep).Count == 1, Deadline, () => "sleep not started");

            await cts.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Deadline));
            Assert.Empty(ProcFs.FindByCommandLine("sleep", sleep));
        }
        finally
        {
            ProcFs.Kill(ProcFs.FindByCommandLine("sleep", sleep));
        }
    }
}
