using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Controllers;

/// <summary>Keeps each app at its spec: the target release at the requested count, replacing instances of other
/// releases one at a time (start new, wait until ready, stop old — never below the requested ready count),
/// failing a release whose instances cannot become ready, and tearing down destroyed apps.</summary>
internal sealed class AppController(
    ResourceRepository<App> apps,
    ResourceRepository<Release> releases,
    ResourceRepository<Instance> instances,
    EventRecorder events) : IController
{
    /// <summary>Crashes before the first ready check after which a new release counts as failed.</summary>
    internal const int CrashLimit = 3;

    /// <summary>How old a Failed instance of a live release must be before it is replaced.</summary>
    internal static readonly TimeSpan ReplaceFailedAfter = TimeSpan.FromSeconds(10);

    public string Name => "apps";

    public async ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken ct)
    {
        foreach (var app in snapshot.Apps)
        {
            var owned = snapshot.InstancesOf(app.Metadata.Name).ToList();
            await DeleteFinishedAsync(snapshot, owned, ct).ConfigureAwait(false);
            if (app.Metadata.DeletionRequested is not null)
            {
                await TearDownAsync(snapshot, app, owned, ct).ConfigureAwait(false);
                continue;
            }
            await ReconcileAppAsync(snapshot, app, owned.Where(i => !i.Spec.Stop).ToList(), ct).ConfigureAwait(false);
        }
        // Instances whose app is gone: stop them, and delete those that have stopped.
        var appNames = snapshot.Apps.Select(a => a.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var orphans = snapshot.Instances.Where(i => !appNames.Contains(i.Spec.App)).ToList();
        foreach (var orphan in orphans)
        {
            await StopAsync(orphan, ct).ConfigureAwait(false);
        }
        await DeleteFinishedAsync(snapshot, orphans, ct).ConfigureAwait(false);
    }

    private async ValueTask ReconcileAppAsync(ClusterSnapshot snapshot, App app, List<Instance> live, CancellationToken ct)
    {
        var name = app.Metadata.Name;
        var target = snapshot.FindRelease(name, app.Spec.Release);
        if (target is null)
        {
            await SetAppStatusAsync(app, AppPhase.Degraded, $"release {app.Spec.Release} does not exist", live, ct).ConfigureAwait(false);
            return;
        }
        var current = snapshot.FindRelease(name, app.Status.CurrentRelease);
        var effective = target.Status.Phase == ReleasePhase.Failed ? current : target;
        var desired = app.Spec.Instances;

        if (effective is null)
        {
            // The first release failed and there is nothing older to run.
            foreach (var instance in live)
            {
                await StopAsync(instance, ct).ConfigureAwait(false);
            }
            await SetAppStatusAsync(app, AppPhase.Degraded, $"{target.Spec.Label} failed: {target.Status.Message}", [], ct).ConfigureAwait(false);
            return;
        }

        var fresh = live.Where(i => i.Spec.Release == effective.Metadata.Name).ToList();
        var old = live.Where(i => i.Spec.Release != effective.Metadata.Name).ToList();

        if (effective == target && target.Status.Phase is ReleasePhase.Pending or ReleasePhase.Rolling
            && FindFailure(snapshot, target, fresh) is { } failure)
        {
            await FailReleaseAsync(app, target, failure.Instance, failure.Reason, fresh, ct).ConfigureAwait(false);
            return;
        }

        var rolling = effective == target && target.Status.Phase is ReleasePhase.Pending or ReleasePhase.Rolling;
        if (!rolling)
        {
            // Outside a rollout an instance that could not start (say its build failed on that node) is replaced,
            // but not at once: at most once per ReplaceFailedAfter, so a node that always fails is not hammered.
            foreach (var broken in fresh.Where(i => i.Status.Phase == InstancePhase.Failed && snapshot.Now - i.Metadata.Created > ReplaceFailedAfter).ToList())
            {
                await StopAsync(broken, ct).ConfigureAwait(false);
                fresh.Remove(broken);
            }
        }

        var readyFresh = fresh.Count(i => i.Status.Ready);
        var readyOld = old.Count(i => i.Status.Ready);
        if (old.Count == 0)
        {
            for (var i = fresh.Count; i < desired; i++)
            {
                await CreateInstanceAsync(app, effective, ct).ConfigureAwait(false);
            }
            foreach (var extra in PickToStop(fresh, fresh.Count - desired))
            {
                await StopAsync(extra, ct).ConfigureAwait(false);
            }
        }
        else
        {
            // Surge by one: a new instance first, an old one stops only once enough are ready without it.
            if (fresh.Count < desired && fresh.Count + old.Count < desired + 1)
            {
                await CreateInstanceAsync(app, effective, ct).ConfigureAwait(false);
            }
            foreach (var extra in PickToStop(fresh, fresh.Count - desired))
            {
                await StopAsync(extra, ct).ConfigureAwait(false);
            }
            var surplus = readyFresh + readyOld - desired;
            foreach (var stale in old.Where(i => !i.Status.Ready && readyFresh > 0))
            {
                await StopAsync(stale, ct).ConfigureAwait(false);
            }
            foreach (var stale in old.Where(i => i.Status.Ready).Take(Math.Max(0, surplus)))
            {
                await StopAsync(stale, ct).ConfigureAwait(false);
            }
        }

        var rolledOut = old.Count == 0 && readyFresh >= desired && fresh.Count == desired;
        if (effective == target && target.Status.Phase != ReleasePhase.Ready)
        {
            if (rolledOut)
            {
                await CompleteReleaseAsync(app, target, current, ct).ConfigureAwait(false);
                return;
            }
            if (target.Status.Phase == ReleasePhase.Pending)
            {
                await SetReleasePhaseAsync(target, ReleasePhase.Rolling, $"rolling out to {desired} instances", null, ct).ConfigureAwait(false);
            }
        }
        var phase = rolledOut ? AppPhase.Running
            : effective == target && target.Status.Phase != ReleasePhase.Ready ? AppPhase.Deploying
            : effective == target && fresh.Count != desired ? AppPhase.Scaling
            : AppPhase.Degraded;
        var message = phase switch
        {
            AppPhase.Running => "",
            AppPhase.Deploying => $"rolling out {target.Spec.Label}: {readyFresh}/{desired} ready",
            AppPhase.Scaling => $"scaling to {desired}: {readyFresh} ready",
            _ => target.Status.Phase == ReleasePhase.Failed
                ? $"{target.Spec.Label} failed ({target.Status.Message}); {effective.Spec.Label} keeps running, {readyFresh}/{desired} ready"
                : $"{readyFresh}/{desired} instances ready",
        };
        await SetAppStatusAsync(app, phase, message, live, ct).ConfigureAwait(false);
    }

    private static (Instance Instance, string Reason)? FindFailure(ClusterSnapshot snapshot, Release release, List<Instance> fresh)
    {
        var grace = release.Spec.Manifest.Health.StartGrace;
        foreach (var instance in fresh)
        {
            var status = instance.Status;
            if (status.EverReady)
            {
                continue;
            }
            if (status.Phase == InstancePhase.Failed)
            {
                return (instance, status.Message.Length > 0 ? status.Message : "the instance failed to start");
            }
            if (status.Restarts >= CrashLimit)
            {
                return (instance, $"instance {instance.Metadata.Name} exited {status.Restarts} times before passing its health check (last: {status.LastExit})");
            }
            if (status.StartedAt is { } started && snapshot.Now - started > grace + TimeSpan.FromTicks(grace.Ticks * status.Restarts))
            {
                return (instance, $"instance {instance.Metadata.Name} did not pass its health check ({release.Spec.Manifest.Health.Path}) within {grace.TotalSeconds:0}s");
            }
            if (instance.Spec.Node.Length == 0 && snapshot.Now - instance.Metadata.Created > grace)
            {
                return (instance, $"instance {instance.Metadata.Name} could not be placed: {status.Message}");
            }
        }
        return null;
    }

    private async ValueTask FailReleaseAsync(App app, Release release, Instance instance, string reason, List<Instance> fresh, CancellationToken ct)
    {
        await SetReleasePhaseAsync(release, ReleasePhase.Failed, reason, instance.Metadata.Name, ct).ConfigureAwait(false);
        foreach (var i in fresh)
        {
            await StopAsync(i, ct).ConfigureAwait(false);
        }
        var keeps = app.Status.CurrentRelease.Length > 0 ? $"; {app.Status.CurrentRelease} keeps running" : "";
        await events.WarningAsync($"app/{app.Metadata.Name}", app.Metadata.Name, "ReleaseFailed", $"{release.Spec.Label} failed: {reason}{keeps}", ct).ConfigureAwait(false);
    }

    private async ValueTask CompleteReleaseAsync(App app, Release target, Release? previous, CancellationToken ct)
    {
        await SetReleasePhaseAsync(target, ReleasePhase.Ready, $"{app.Spec.Instances} instances ready", null, ct).ConfigureAwait(false);
        if (previous is not null && previous != target && previous.Status.Phase == ReleasePhase.Ready)
        {
            await SetReleasePhaseAsync(previous, ReleasePhase.Superseded, $"replaced by {target.Spec.Label}", null, ct).ConfigureAwait(false);
        }
        app.Status.CurrentRelease = target.Spec.Label;
        app.Status.Phase = AppPhase.Running;
        app.Status.ReadyInstances = app.Spec.Instances;
        app.Status.Message = "";
        var result = await apps.UpdateAsync(app, ct).ConfigureAwait(false);
        if (result.Succeeded)
        {
            await events.NormalAsync($"app/{app.Metadata.Name}", app.Metadata.Name, "ReleaseReady", $"{target.Spec.Label} is live on {app.Spec.Instances} instances", ct).ConfigureAwait(false);
        }
    }

    private async ValueTask TearDownAsync(ClusterSnapshot snapshot, App app, List<Instance> owned, CancellationToken ct)
    {
        foreach (var instance in owned)
        {
            await StopAsync(instance, ct).ConfigureAwait(false);
        }
        if (owned.Count > 0)
        {
            await SetAppStatusAsync(app, AppPhase.Deleting, $"stopping {owned.Count} instances", [], ct).ConfigureAwait(false);
            return;
        }
        foreach (var release in snapshot.Releases.Where(r => r.Spec.App == app.Metadata.Name))
        {
            await releases.DeleteAsync(release.Metadata.Project, release.Metadata.Name, 0, ct).ConfigureAwait(false);
        }
        var deleted = await apps.DeleteAsync(app.Metadata.Project, app.Metadata.Name, app.Metadata.ResourceVersion, ct).ConfigureAwait(false);
        if (deleted.Succeeded)
        {
            await events.NormalAsync($"app/{app.Metadata.Name}", app.Metadata.Name, "Destroyed", "app, releases and instances removed", ct).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes instances that finished stopping, or that were asked to stop where nobody runs them.</summary>
    private async ValueTask DeleteFinishedAsync(ClusterSnapshot snapshot, List<Instance> owned, CancellationToken ct)
    {
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            var instance = owned[i];
            if (!instance.Spec.Stop)
            {
                continue;
            }
            var node = instance.Spec.Node.Length == 0 ? null : snapshot.FindNode(instance.Spec.Node);
            if (instance.Status.Phase == InstancePhase.Stopped || node is null || node.Status.Phase != NodePhase.Ready)
            {
                var result = await instances.DeleteAsync(instance.Metadata.Project, instance.Metadata.Name, instance.Metadata.ResourceVersion, ct).ConfigureAwait(false);
                if (result.Succeeded || result.Status == WriteStatus.NotFound)
                {
                    owned.RemoveAt(i);
                }
            }
        }
    }

    private async ValueTask CreateInstanceAsync(App app, Release release, CancellationToken ct)
    {
        var instance = new Instance
        {
            Metadata = new ObjectMeta { Project = app.Metadata.Project, Name = $"{app.Metadata.Name}-{Ids.Suffix()}", Labels = { ["app"] = app.Metadata.Name } },
            Spec = new InstanceSpec
            {
                App = app.Metadata.Name,
                Release = release.Metadata.Name,
                Version = release.Spec.Version,
                Resources = release.Spec.Manifest.Resources,
            },
            Status = new InstanceStatus { Phase = InstancePhase.Pending, Message = "waiting for the scheduler" },
        };
        await instances.CreateAsync(instance, ct).ConfigureAwait(false);
    }

    private ValueTask StopAsync(Instance instance, CancellationToken ct)
    {
        if (instance.Spec.Stop)
        {
            return ValueTask.CompletedTask;
        }
        instance.Spec.Stop = true;
        return IgnoreAsync(instances.UpdateAsync(instance, ct));
    }

    private static async ValueTask IgnoreAsync<T>(ValueTask<WriteResult<T>> write) => await write.ConfigureAwait(false);

    /// <summary>Which instances to stop first when there are too many: those not serving, then the newest.</summary>
    private static IEnumerable<Instance> PickToStop(List<Instance> candidates, int count) =>
        count <= 0 ? [] : candidates.OrderBy(i => i.Status.Ready).ThenByDescending(i => i.Metadata.Created).Take(count).ToList();

    private async ValueTask SetReleasePhaseAsync(Release release, string phase, string message, string? failedInstance, CancellationToken ct)
    {
        if (release.Status.Phase == phase && release.Status.Message == message)
        {
            return;
        }
        release.Status.Phase = phase;
        release.Status.Message = message;
        release.Status.FailedInstance = failedInstance ?? "";
        await releases.UpdateAsync(release, ct).ConfigureAwait(false);
    }

    private async ValueTask SetAppStatusAsync(App app, string phase, string message, List<Instance> live, CancellationToken ct)
    {
        var ready = live.Count(i => i.Status.Ready);
        if (app.Status.Phase == phase && app.Status.Message == message && app.Status.ReadyInstances == ready)
        {
            return;
        }
        app.Status.Phase = phase;
        app.Status.Message = message;
        app.Status.ReadyInstances = ready;
        await apps.UpdateAsync(app, ct).ConfigureAwait(false);
    }
}
