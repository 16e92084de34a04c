using System.Globalization;
using Microsoft.Extensions.Logging;
using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Health;
using Nimbus.Agent.Interop;
using Nimbus.Agent.Logs;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Runtime;

/// <summary>
/// Runs one instance: starts its process in a cgroup, probes readiness, restarts it with backoff when it exits,
/// drains it (not ready, still running) on <see cref="DrainAsync"/> and stops it (SIGTERM, grace, SIGKILL of the whole
/// group and cgroup) on <see cref="StopAsync"/>.
/// </summary>
public sealed partial class InstanceSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OutputDrainWait = TimeSpan.FromSeconds(2);

    private readonly SupervisorOptions _options;
    private readonly ICgroupDriver _cgroups;
    private volatile CgroupHandle? _cgroup;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpProbe _probe;
    private readonly HttpClient? _ownedClient;
    private readonly Uri _probeUri;
    private readonly Dictionary<string, string> _environment;
    private readonly InstanceStateStore _state;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _killNow = new();
    private Task? _loop;
    private Task? _stop;
    private volatile bool _draining;

    /// <param name="options">What to run and how.</param>
    /// <param name="cgroups">Creates the instance's cgroup; a disabled driver runs it unlimited.</param>
    /// <param name="timeProvider">Clock for backoff, probe interval, stop grace and timestamps.</param>
    /// <param name="logger">Agent-side events (starts, exits, readiness); the app's own output goes to its log file.</param>
    /// <param name="probeClient">Client for readiness probes; null creates (and disposes) one of its own.</param>
    public InstanceSupervisor(SupervisorOptions options, ICgroupDriver cgroups, TimeProvider timeProvider, ILogger logger,
        HttpClient? probeClient = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Command);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StopGrace, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Drain, TimeSpan.Zero);

        _options = options;
        _cgroups = cgroups;
        _time = timeProvider;
        _logger = logger;
        _ownedClient = probeClient is null ? HttpProbe.CreateClient() : null;
        _probe = new HttpProbe(probeClient ?? _ownedClient!);
        var path = options.Health.Path.StartsWith('/') ? options.Health.Path : "/" + options.Health.Path;
        _probeUri = new Uri($"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}{path}");
        _environment = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal)
        {
            ["PORT"] = options.Port.ToString(CultureInfo.InvariantCulture),
        };

        var address = "127.0.0.1:" + options.Port.ToString(CultureInfo.InvariantCulture);
        _state = new InstanceStateStore(
            new InstanceState(InstancePhase.Starting, false, false, 0, address, 0, "", "not started", null),
            () => Changed,
            e => Log.HandlerFailed(_logger, _options.InstanceId, e));
    }

    /// <summary>
    /// Raised, in order, for every new <see cref="Current"/>, from a background task. Exceptions are logged. A handler
    /// must not block on <see cref="StopAsync"/>: stopping waits for queued notifications to be delivered.
    /// </summary>
    public event Action<InstanceState>? Changed;

    public InstanceState Current => _state.Current;

    /// <summary>What the instance's cgroup has used (null without cgroups, or before it starts / after it stops).</summary>
    public InstanceUsage? Usage() => _cgroup?.Usage();

    public SupervisorOptions Options => _options;

    /// <summary>Starts supervising. Call once.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_stop is not null)
            {
                throw new InvalidOperationException("The supervisor has been stopped.");
            }

            if (_loop is not null)
            {
                throw new InvalidOperationException("The supervisor is already started.");
            }

            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>
    /// The first half of a graceful stop, so no request is lost: when the instance is running and has passed its
    /// readiness check, it turns not ready with phase <see cref="InstancePhase.Stopping"/> at once (watchers such as
    /// the edges stop sending it requests) and keeps running for <see cref="SupervisorOptions.Drain"/>, so requests
    /// already sent to it finish. Returns at once for an instance that is not running ready (nobody sends it
    /// requests), early when the process exits (it is not restarted once draining) or
    /// <paramref name="cancellationToken"/> fires. Never throws for cancellation. Follow it with <see cref="StopAsync"/>.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        Task loop;
        lock (_gate)
        {
            if (_stop is not null || _loop is null)
            {
                return;
            }
            loop = _loop;
            // Before the state changes: a crash from here on ends the run instead of restarting into Starting/Ready.
            _draining = true;
        }

        var drain = _options.Drain;
        var began = false;
        var state = _state.Update(s =>
        {
            // Running means ready at least once in this run (a failing check since keeps the phase, and the edges may
            // still hold requests sent before it failed).
            began = s.Phase == InstancePhase.Running;
            return began ? s with { Phase = InstancePhase.Stopping, Ready = false, Message = "draining for " + Durations.Format(drain) } : s;
        });
        if (!began || drain <= TimeSpan.Zero)
        {
            return;
        }

        Log.Draining(_logger, _options.InstanceId, state.Pid, drain);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(Task.Delay(drain, _time, waiting.Token), loop).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops restarting, SIGTERMs the process group, SIGKILLs the group and cgroup after
    /// <see cref="SupervisorOptions.StopGrace"/> (at once if <paramref name="cancellationToken"/> fires), waits for the
    /// exit, removes the cgroup and ends in <see cref="InstancePhase.Stopped"/>. Safe to call more than once.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task stop;
        lock (_gate)
        {
            stop = _stop ??= StopCoreAsync();
        }

        using (cancellationToken.Register(() => _killNow.Cancel()))
        {
            await stop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _ownedClient?.Dispose();
    }

    private async Task StopCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }
        else
        {
            _state.Update(s => s with { Phase = InstancePhase.Stopped, Message = "" });
        }

        await _state.CompleteAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        CgroupHandle? cgroup = null;
        using var log = new InstanceLogWriter(_options.LogDirectory, _options.InstanceId, timeProvider: _time);
        try
        {
            cgroup = CreateCgroup();
            _cgroup = cgroup;
            var backoff = new RestartBackoff();
            var restart = false;
            while (!_stopping.IsCancellationRequested)
            {
                var outcome = await RunOnceAsync(cgroup, log, restart).ConfigureAwait(false);
                _state.Update(s => s with { LastExit = outcome.LastExit });
                if (outcome.Stopped || _draining)
                {
                    break;
                }

                var delay = backoff.Next(outcome.RanFor);
                Log.Exited(_logger, _options.InstanceId, Current.Pid, outcome.LastExit, delay);
                _state.Update(s => s with
                {
                    Phase = InstancePhase.Crashed,
                    Ready = false,
                    Pid = 0,
                    Message = $"{outcome.LastExit}; restarting in {Durations.Format(delay)}",
                });

                try
                {
                    await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (_draining)
                {
                    break;
                }

                restart = true;
            }
        }
        catch (Exception e)
        {
            Log.LoopFailed(_logger, _options.InstanceId, e);
            _state.Update(s => s with { Message = "supervision failed: " + e.Message });
        }
        finally
        {
            _cgroup = null;
            RemoveCgroup(cgroup);
            var final = _state.Update(s => s with { Phase = InstancePhase.Stopped, Ready = false, Pid = 0, Message = "" });
            Log.Stopped(_logger, _options.InstanceId, final.LastExit);
        }
    }

    private async Task<RunOutcome> RunOnceAsync(CgroupHandle? cgroup, InstanceLogWriter log, bool restart)
    {
        // Anything left in the cgroup (a previous agent's instance, a straggler) would share the limits: clear it.
        cgroup?.KillAll();
        var oomKillsBefore = cgroup?.OomKillCount() ?? 0;
        LaunchedProcess process;
        try
        {
            process = ProcessLauncher.Start(
                new LaunchRequest(_options.Command, _options.WorkingDirectory, _environment, _options.RunAs,
                    cgroup?.ProcsFiles ?? []),
                log, onLine: null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException
                                       or UnauthorizedAccessException)
        {
            Log.LaunchFailed(_logger, _options.InstanceId, e);
            _state.Update(s => s with { Restarts = s.Restarts + (restart ? 1 : 0) });
            return new RunOutcome("failed to start: " + e.Message, TimeSpan.Zero, Stopped: false);
        }

        using (process)
        {
            try
            {
                return await SuperviseAsync(process, cgroup, oomKillsBefore, restart).ConfigureAwait(false);
            }
            catch
            {
                // Whatever went wrong in here, the process must not outlive its supervision.
                process.SignalGroup(Signals.SIGKILL);
                cgroup?.KillAll();
                throw;
            }
        }
    }

    private async Task<RunOutcome> SuperviseAsync(LaunchedProcess process, CgroupHandle? cgroup, long oomKillsBefore,
        bool restart)
    {
        var startedAt = _time.GetUtcNow();
        var started = _state.Update(s => s with
        {
            Phase = InstancePhase.Starting,
            Ready = false,
            Pid = process.Pid,
            Restarts = s.Restarts + (restart ? 1 : 0),
            Message = "",
            StartedAt = startedAt,
        });
        Log.Started(_logger, _options.InstanceId, process.Pid, started.Restarts);

        using var runEnded = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var probing = new ReadinessMonitor(_probe, _probeUri, _options.Health, _time, _state, OnReadinessChanged)
            .RunAsync(process.Pid, startedAt, runEnded.Token);
        var stopped = false;
        try
        {
            await process.Exited.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            stopped = true;
            await TerminateAsync(process, cgroup).ConfigureAwait(false);
        }

        await runEnded.CancelAsync().ConfigureAwait(false);
        await probing.ConfigureAwait(false);

        // No orphans: whatever the lead left behind in its group or cgroup goes with it.
        process.SignalGroup(Signals.SIGKILL);
        cgroup?.KillAll();
        try
        {
            await process.OutputCompleted.WaitAsync(OutputDrainWait, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Something outside group and cgroup still holds the pipe; its output is lost, the run is over.
        }

        var lastExit = process.Exited.IsCompletedSuccessfully
            ? ExitDescription.Describe(process.Exited.Result, cgroup is not null && cgroup.OomKillCount() > oomKillsBefore)
            : "did not exit after SIGKILL";
        return new RunOutcome(lastExit, _time.GetUtcNow() - startedAt, stopped);
    }

    private async Task TerminateAsync(LaunchedProcess process, CgroupHandle? cgroup)
    {
        _state.Update(s => s with { Phase = InstancePhase.Stopping, Ready = false, Message = "stopping" });
        Log.Terminating(_logger, _options.InstanceId, process.Pid);
        process.SignalGroup(Signals.SIGTERM);
        try
        {
            await process.Exited.WaitAsync(_options.StopGrace, _time, _killNow.Token).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Log.StopEscalated(_logger, _options.InstanceId, process.Pid, _options.StopGrace);
        }

        process.SignalGroup(Signals.SIGKILL);
        cgroup?.KillAll();
        try
        {
            await process.Exited.WaitAsync(KillWait, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.StopStuck(_logger, _options.InstanceId, process.Pid);
        }
    }

    private void OnReadinessChanged(int pid, bool ready, string detail)
    {
        if (ready)
        {
            Log.Ready(_logger, _options.InstanceId, pid);
        }
        else
        {
            Log.NotReady(_logger, _options.InstanceId, pid, detail);
        }
    }
}
