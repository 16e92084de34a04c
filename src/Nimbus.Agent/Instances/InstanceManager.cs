using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nimbus.Agent.Cgroups;
using Nimbus.Agent.Releases;
using Nimbus.Agent.Runtime;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Instances;

/// <summary>Makes the processes on this node match the instances the scheduler assigned to it: starts what is
/// missing (after preparing its release), stops what should not run, and reports each change of state.</summary>
internal sealed partial class InstanceManager(
    NimbusClient client,
    ReleaseCache releases,
    AgentPaths paths,
    AgentOptions options,
    ICgroupDriver cgroups,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<InstanceManager>();
    private readonly ConcurrentDictionary<string, InstanceSupervisor> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _transitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InstanceStatus> _preparing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failed = new(StringComparer.Ordinal);
    private readonly Channel<string> _reports = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private Dictionary<string, Instance> _desired = new(StringComparer.Ordinal);
    private CancellationToken _reconcileToken;
    private readonly Lock _lock = new();
    private readonly ProcessRecords _records = new(Path.Combine(paths.DataDirectory, "run"));
    private readonly ConcurrentDictionary<string, int> _recordedPids = new(StringComparer.Ordinal);
    private readonly InstanceDrains _drains = new(time);
    private bool _disposing;

    /// <summary>Ends instance processes a previous run of this agent left behind (it was killed hard), and their
    /// cgroups; returns how many instances it cleaned up after.</summary>
    public int KillLeftovers()
    {
        var leftovers = _records.KillLeftovers();
        foreach (var instance in leftovers)
        {
            try
            {
                // Opening the instance's cgroup again gives a handle to kill stragglers and remove it.
                if (cgroups.Create(instance, ComputeResources.Zero) is { } cgroup)
                {
                    cgroup.KillAll();
                    cgroup.Remove();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogCgroupCleanupFailed(instance, ex.Message);
            }
        }
        return leftovers.Count;
    }

    public int Count => _running.Count;

    /// <summary>Each app's log limits on this node, as its releases started here set them.</summary>
    public Logs.AppLogLimits LogLimits { get; } = new(options);

    /// <summary>The supervisors of the instances running here now (metrics read them at each scrape).</summary>
    public ICollection<InstanceSupervisor> Running => _running.Values;

    /// <summary>Takes the full desired set for this node and starts or stops the difference.</summary>
    public void Reconcile(Dictionary<string, Instance> desired, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_disposing)
            {
                return;
            }
            _desired = desired;
            _reconcileToken = ct;
            _drains.CancelUnless(desired.ContainsKey);
            foreach (var name in _failed.Keys.Concat(_preparing.Keys).Where(n => !desired.ContainsKey(n) && !_transitions.ContainsKey(n)).ToList())
            {
                _failed.TryRemove(name, out _);
                _preparing.TryRemove(name, out _);
            }
            foreach (var (name, instance) in desired)
            {
                if (_running.ContainsKey(name) || _transitions.ContainsKey(name))
                {
                    continue;
                }
                if (!instance.Spec.Stop)
                {
                    // A start that failed here is not retried in a loop: the instance stays Failed until the
                    // control plane replaces it (or the rollout fails), which bounds the retries.
                    if (!_failed.ContainsKey(name))
                    {
                        Begin(name, () => StartAsync(instance, ct));
                    }
                }
                else if (instance.Status.Phase != InstancePhase.Stopped)
                {
                    // Asked to stop while not running here (it failed to start, or ran before a restart): it is stopped.
                    _preparing[name] = new InstanceStatus
                    {
                        Phase = InstancePhase.Stopped,
                        Restarts = instance.Status.Restarts,
                        LastExit = instance.Status.LastExit,
                        Message = instance.Status.Message,
                    };
                    Report(name);
                }
            }
            foreach (var name in _running.Keys)
            {
                if ((!desired.TryGetValue(name, out var instance) || instance.Spec.Stop) && !_transitions.ContainsKey(name))
                {
                    // Asked to stop (rollout, scale-in, destroy): drain first. Deleted outright (its node was lost, or the
                    // control plane forgot it): nobody routes to it any more and nobody waits for its report, so no drain.
                    var asked = desired.ContainsKey(name);
                    Begin(name, () => StopAsync(name, report: asked, drain: asked));
                }
            }
        }
    }

    private void Begin(string name, Func<Task> work)
    {
        // Registered before it runs, and removed only by itself: a transition that finishes at once can neither
        // be missed by Reconcile nor leave a finished entry behind.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task task = null!;
        task = Task.Run(async () =>
        {
            await registered.Task.ConfigureAwait(false);
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogTransitionFailed(name, ex);
            }
            finally
            {
                _transitions.TryRemove(new KeyValuePair<string, Task>(name, task));
            }
            // Level-triggered: whatever changed while this ran (a stop asked for mid-start) is acted on now.
            Dictionary<string, Instance> desired;
            lock (_lock)
            {
                desired = _desired;
            }
            Reconcile(desired, _reconcileToken);
        });
        _transitions[name] = task;
        registered.SetResult();
    }

    private async Task StartAsync(Instance instance, CancellationToken ct)
    {
        var name = instance.Metadata.Name;
        try
        {
            _preparing[name] = new InstanceStatus { Phase = InstancePhase.Starting, Message = "preparing release " + instance.Spec.Release };
            Report(name);
            var prepared = await releases.PrepareAsync(instance.Spec.Release, ct).ConfigureAwait(false);
            if (!StillWanted(name))
            {
                return;
            }
            var port = LoopbackPorts.Free();
            var manifest = prepared.Release.Spec.Manifest;
            LogLimits.Remember(instance.Spec.App, manifest.Logs);
            var supervisor = new InstanceSupervisor(
                new SupervisorOptions(
                    name,
                    manifest.Run,
                    prepared.Directory,
                    InstanceEnvironment.Build(prepared.Release, prepared.Home, port, name, options),
                    port,
                    manifest.Health,
                    manifest.Resources,
                    paths.LogsOf(instance.Spec.App),
                    AppUser.Resolve(),
                    options.StopGrace,
                    manifest.Edge.Drain,
                    instance.Spec.App),
                cgroups,
                time,
                loggerFactory.CreateLogger<InstanceSupervisor>());
            supervisor.Changed += state =>
            {
                if (state.Pid > 0 && _recordedPids.GetValueOrDefault(name) != state.Pid)
                {
                    _recordedPids[name] = state.Pid;
                    _records.Record(name, state.Pid);
                }
                Report(name);
            };
            _running[name] = supervisor;
            _preparing.TryRemove(name, out _);
            supervisor.Start();
            LogStarted(name, port);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Whatever went wrong is reported on the instance, where 'nimbus ps' and a failing deploy show it.
            LogStartFailed(name, ex.Message, ex is ReleasePreparationException ? null : ex);
            _failed[name] = true;
            _preparing[name] = new InstanceStatus { Phase = InstancePhase.Failed, Message = ex.Message };
            Report(name);
        }
    }

    private bool IsDesired(string name)
    {
        lock (_lock)
        {
            return _desired.ContainsKey(name);
        }
    }

    private bool StillWanted(string name)
    {
        lock (_lock)
        {
            return _desired.TryGetValue(name, out var instance) && !instance.Spec.Stop;
        }
    }

    private async Task StopAsync(string name, bool report, bool drain)
    {
        if (!_running.TryGetValue(name, out var supervisor))
        {
            return;
        }
        if (drain)
        {
            // Out of service at once (its not-ready Stopping status goes out through the reporter), then the drain.
            await _drains.DrainAsync(name, supervisor, IsDesired).ConfigureAwait(false);
        }
        await supervisor.DisposeAsync().ConfigureAwait(false);
        _running.TryRemove(name, out _);
        _recordedPids.TryRemove(name, out _);
        _records.Forget(name);
        PruneReleases();
        if (report)
        {
            _preparing[name] = new InstanceStatus
            {
                Phase = InstancePhase.Stopped,
                Pid = 0,
                Address = supervisor.Current.Address,
                Restarts = supervisor.Current.Restarts,
                LastExit = supervisor.Current.LastExit,
                Message = "stopped",
            };
            Report(name);
        }
        LogStopped(name);
    }

    private void Report(string name) => _reports.Writer.TryWrite(name);

    /// <summary>Drops unpacked releases that nothing desired or running here needs.</summary>
    private void PruneReleases()
    {
        HashSet<string> inUse;
        lock (_lock)
        {
            inUse = _desired.Values.Where(i => !i.Spec.Stop).Select(i => i.Spec.Release).ToHashSet(StringComparer.Ordinal);
        }
        foreach (var supervisor in _running.Values)
        {
            inUse.Add(Path.GetFileName(supervisor.Options.WorkingDirectory));
        }
        try
        {
            releases.Prune(inUse);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogPruneFailed(ex.Message);
        }
    }

    /// <summary>Sends status changes to the control plane; a burst of changes to one instance becomes one update.</summary>
    public async Task RunReporterAsync(CancellationToken ct)
    {
        var pending = new HashSet<string>(StringComparer.Ordinal);
        while (await _reports.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (_reports.Reader.TryRead(out var name))
            {
                pending.Add(name);
            }
            foreach (var name in pending)
            {
                var status = StatusOf(name);
                if (status is null)
                {
                    continue;
                }
                try
                {
                    await client.PutInstanceStatusAsync(name, status, ct).ConfigureAwait(false);
                }
                catch (NimbusApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
                {
                    // The control plane forgot it (moved off this node, app destroyed): stop running it.
                    lock (_lock)
                    {
                        _desired.Remove(name);
                        _drains.CancelUnless(_desired.ContainsKey);
                    }
                    if (_running.ContainsKey(name) && !_transitions.ContainsKey(name))
                    {
                        Begin(name, () => StopAsync(name, report: false, drain: false));
                    }
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    LogReportFailed(name, ex.Message);
                    _ = RetryLaterAsync(name, ct);
                }
            }
            pending.Clear();
        }
    }

    private async Task RetryLaterAsync(string name, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false);
        Report(name);
    }

    private InstanceStatus? StatusOf(string name)
    {
        if (_running.TryGetValue(name, out var supervisor))
        {
            return supervisor.Current.ToStatus();
        }
        return _preparing.TryGetValue(name, out var status) ? status : null;
    }

    /// <summary>Re-sends every instance's status (after the control plane restarted or this agent re-registered).</summary>
    public void ReportAll()
    {
        foreach (var name in _running.Keys)
        {
            Report(name);
        }
    }

    /// <summary>Stops every instance, all at once: ready ones drain first, for their release's drain but at most
    /// <see cref="AgentOptions.ShutdownDrain"/>, then SIGTERM, grace, SIGKILL. So the agent takes at most the
    /// longest drain (capped) plus the stop grace, however many instances it runs.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            // Twice is normal: the agent stops it, then the DI container disposes it.
            if (_disposing)
            {
                return;
            }
            // No new starts or stops from here on (a transition that ends calls Reconcile).
            _disposing = true;
        }
        _drains.BeginShutdown(options.ShutdownDrain);
        List<Task> stopping = [.. _transitions.Values];
        foreach (var (name, supervisor) in _running)
        {
            if (!_transitions.ContainsKey(name))
            {
                stopping.Add(DrainThenStopAsync(supervisor));
            }
        }
        // Transitions log their own failures and never throw; whatever they left running is stopped below.
        await Task.WhenAll(stopping).ConfigureAwait(false);
        await Task.WhenAll(_running.Values.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        foreach (var name in _running.Keys)
        {
            _records.Forget(name);
        }
        _running.Clear();
        _drains.Dispose();
    }

    private async Task DrainThenStopAsync(InstanceSupervisor supervisor)
    {
        try
        {
            await supervisor.DrainAsync(_drains.ShutdownToken).ConfigureAwait(false);
            await supervisor.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogTransitionFailed(supervisor.Options.InstanceId, ex);
        }
    }
}
