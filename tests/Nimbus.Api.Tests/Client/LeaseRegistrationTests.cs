using System.Net;
using Nimbus.Api.Client;

namespace Nimbus.Api.Tests.Client;

public sealed class LeaseRegistrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task RunAsync_RegisterFailsOnce_RetriesThenHeartbeatsAtTheLeasesInterval()
    {
        using var stop = new CancellationTokenSource();
        var registrations = 0;
        var registerFailures = 0;
        var heartbeats = 0;
        var beating = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = LeaseRegistration.RunAsync(
            ready: Task.CompletedTask,
            register: _ => ++registrations == 1 ? throw new HttpRequestException("refused") : Task.FromResult<TimeSpan?>(Short),
            heartbeat: _ =>
            {
                if (Interlocked.Increment(ref heartbeats) == 3)
                {
                    beating.TrySetResult();
                }
                return Task.CompletedTask;
            },
            // An hour: the heartbeats come only because the lease asked for a shorter interval.
            maxInterval: TimeSpan.FromHours(1),
            registerFailed: _ => registerFailures++,
            heartbeatFailed: ex => Assert.Fail(ex.Message),
            TimeProvider.System,
            stop.Token);

        await beating.Task.WaitAsync(Timeout);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.Equal(2, registrations);
        Assert.Equal(1, registerFailures);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_HeartbeatFindsTheRecordGone_RegistersAgain()
    {
        using var stop = new CancellationTokenSource();
        var registrations = 0;
        var registeredAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherFailures = 0;
        var run = LeaseRegistration.RunAsync(
            ready: Task.CompletedTask,
            register: _ =>
            {
                if (++registrations == 2)
                {
                    registeredAgain.TrySetResult();
                }
                return Task.FromResult<TimeSpan?>(null);
            },
            heartbeat: _ => throw new NimbusApiException(HttpStatusCode.NotFound, null, "gone"),
            maxInterval: Short,
            registerFailed: _ => otherFailures++,
            heartbeatFailed: _ => otherFailures++,
            TimeProvider.System,
            stop.Token);

        await registeredAgain.Task.WaitAsync(Timeout);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.Equal(0, otherFailures);
    }

    [Fact]
    public async Task RunAsync_StoppedBeforeReady_NeverRegisters()
    {
        using var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource();
        var registrations = 0;
        var run = LeaseRegistration.RunAsync(
            ready: ready.Task,
            register: _ => { registrations++; return Task.FromResult<TimeSpan?>(null); },
            heartbeat: _ => Task.CompletedTask,
            maxInterval: Short,
            registerFailed: _ => { },
            heartbeatFailed: _ => { },
            TimeProvider.System,
            stop.Token);

        await stop.CancelAsync();
        await run.WaitAsync(Timeout);

        Assert.Equal(0, registrations);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task LeaveAsync_ControlPlaneUnreachable_CompletesQuietly()
    {
        var called = false;
        await LeaseRegistration.LeaveAsync(_ => { called = true; throw new HttpRequestException("refused"); }).WaitAsync(Timeout);
        Assert.True(called);
    }
}
