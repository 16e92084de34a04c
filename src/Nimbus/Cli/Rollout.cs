using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;
using Spectre.Console;

namespace Nimbus.Cli;

/// <summary>Follows a rollout through the watch API until the release is live, fails, or time runs out;
/// shows progress as it goes. Used by deploy, env set/unset, rollback and scale.</summary>
internal static class Rollout
{
    public static async Task<int> WaitForReleaseAsync(NimbusClient client, string app, Release release, TimeSpan timeout, CancellationToken ct)
    {
        var label = release.Spec.Label;
        var outcome = await WatchUntilAsync(client, app, timeout, ct, async () =>
        {
            var r = await client.GetAsync("releases", release.Metadata.Name, NimbusJson.Default.Release, ct);
            var instances = await client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, ct, app: app);
            var mine = instances.Items.Where(i => i.Spec.Release == release.Metadata.Name && !i.Spec.Stop).ToList();
            var line = $"{label}: {mine.Count(i => i.Status.Ready)}/{mine.Count} ready"
                + (mine.FirstOrDefault(i => !i.Status.Ready) is { } waiting ? $" — {waiting.Metadata.Name}: {Describe(waiting)}" : "");
            return r.Status.Phase switch
            {
                ReleasePhase.Ready or ReleasePhase.Superseded => new RolloutState(true, false, line, r),
                ReleasePhase.Failed => new RolloutState(true, true, line, r),
                _ => new RolloutState(false, false, line, r),
            };
        });
        if (outcome is null)
        {
            Output.Fail($"{label} was not ready within {timeout.TotalSeconds:0}s; it keeps rolling out in the background ('nimbus ps {app}' shows where it stands)");
            return ExitCodes.DeployFailed;
        }
        var final = outcome.Release!;
        if (!outcome.Failed)
        {
            var instances = await client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, ct, app: app);
            var ready = instances.Items.Where(i => i.Spec.Release == release.Metadata.Name && i.Status.Ready && !i.Spec.Stop).ToList();
            // Replaced instances may still be draining (out of the edge, finishing their requests): they stop on their own.
            var draining = instances.Items.Count(i => i.Spec.Stop);
            Console.Out.WriteLine($"{label} of {app} is live on {ready.Count} instance{(ready.Count == 1 ? "" : "s")}: {string.Join(", ", ready.Select(i => i.Status.Address))}"
                + (draining > 0 ? $" ({draining} replaced instance{(draining == 1 ? "" : "s")} draining)" : ""));
            await PrintUrlAsync(client, app, ct);
            return ExitCodes.Ok;
        }
        Output.Fail($"{label} failed: {final.Status.Message}");
        if (final.Status.FailedInstance.Length > 0)
        {
            Output.Error.MarkupLineInterpolated($"[yellow]last log lines of {final.Status.FailedInstance}:[/]");
            await foreach (var line in client.LogsAsync(app, null, 20, follow: false, ct, instance: final.Status.FailedInstance))
            {
                Output.Error.WriteLine($"  {line.Text}");
            }
        }
        var appNow = await client.TryGetAsync("apps", app, NimbusJson.Default.App, ct);
        if (appNow?.Status.CurrentRelease is { Length: > 0 } current)
        {
            Output.Error.MarkupLineInterpolated($"[grey]{current} keeps running untouched.[/]");
        }
        return ExitCodes.DeployFailed;
    }

    /// <summary>Where the app answers, through the first edge (loopback edges: the APP.localhost name browsers and curl resolve).</summary>
    private static async Task PrintUrlAsync(NimbusClient client, string app, CancellationToken ct)
    {
        var edges = await client.ListAsync("edges", NimbusJson.Default.ResourceListEdgeNode, ct);
        if (edges.Items.Count == 0 || !System.Net.IPEndPoint.TryParse(edges.Items[0].Spec.Http, out var http))
        {
            return;
        }
        Console.Out.WriteLine(System.Net.IPAddress.IsLoopback(http.Address)
            ? $"  http://{app}.localhost:{http.Port}/"
            : $"  http://{http}/ with Host: {app}.<cloud domain> (or a custom domain: nimbus domains add)");
    }

    /// <summary>Waits until the app has exactly <paramref name="count"/> ready instances of its current release.</summary>
    public static async Task<int> WaitForScaleAsync(NimbusClient client, string app, int count, TimeSpan timeout, CancellationToken ct)
    {
        var outcome = await WatchUntilAsync(client, app, timeout, ct, async () =>
        {
            var a = await client.GetAsync("apps", app, NimbusJson.Default.App, ct);
            var instances = await client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, ct, app: app);
            var live = instances.Items.Where(i => !i.Spec.Stop).ToList();
            var ready = live.Count(i => i.Status.Ready);
            var pending = live.FirstOrDefault(i => !i.Status.Ready);
            var draining = instances.Items.Count(i => i.Spec.Stop);
            var line = $"{app}: {ready}/{count} ready" + (pending is null ? "" : $" — {pending.Metadata.Name}: {Describe(pending)}")
                + (draining > 0 ? $", {draining} draining" : "");
            // Scaling in waits for the removed instances to finish draining and stop: then their capacity is free.
            var done = ready == count && live.Count == count && draining == 0;
            return new RolloutState(done, false, line, null);
        });
        if (outcome is null)
        {
            Output.Fail($"{app} did not reach {count} ready instances within {timeout.TotalSeconds:0}s; 'nimbus ps {app}' shows why");
            return ExitCodes.DeployFailed;
        }
        Console.Out.WriteLine($"{app} runs {count} instance{(count == 1 ? "" : "s")}");
        return ExitCodes.Ok;
    }

    private static async Task<RolloutState?> WatchUntilAsync(NimbusClient client, string app, TimeSpan timeout, CancellationToken ct, Func<Task<RolloutState>> check)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var last = "";
        var interactive = !Console.IsErrorRedirected;
        try
        {
            while (true)
            {
                var revision = (await client.ListAsync("apps", NimbusJson.Default.ResourceListApp, deadline.Token)).Revision;
                var state = await check();
                if (state.Line != last)
                {
                    last = state.Line;
                    Output.Error.MarkupLineInterpolated($"[grey]{(interactive ? "  " : "")}{state.Line}[/]");
                }
                if (state.Done)
                {
                    return state;
                }
                // Wake on the next relevant change (or a bookmark), then look again. A broken stream just means look again.
                try
                {
                    await foreach (var change in client.WatchAsync(revision, "apps,releases,instances", deadline.Token))
                    {
                        if (change.Type == "bookmark" || change.Name == app || change.Name.StartsWith(app + "-", StringComparison.Ordinal))
                        {
                            break;
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or TimeoutException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Waits until the app is gone (destroy): its progress line counts the instances still draining.</summary>
    public static async Task<bool> WaitForGoneAsync(NimbusClient client, string app, TimeSpan timeout, CancellationToken ct) =>
        await WatchUntilAsync(client, app, timeout, ct, async () =>
        {
            if (await client.TryGetAsync("apps", app, NimbusJson.Default.App, ct) is null)
            {
                return new RolloutState(true, false, $"{app}: gone", null);
            }
            var left = (await client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, ct, app: app)).Items.Count;
            return new RolloutState(false, false, $"{app}: {left} instance{(left == 1 ? "" : "s")} still draining", null);
        }) is not null;

    private sealed record RolloutState(bool Done, bool Failed, string Line, Release? Release);

    public static string Describe(Instance instance)
    {
        var s = instance.Status;
        var text = s.Phase.ToLowerInvariant();
        if (s.Restarts > 0)
        {
            text += $", {s.Restarts} restarts (last: {s.LastExit})";
        }
        if (s.Message.Length > 0)
        {
            text += $", {s.Message}";
        }
        return text;
    }
}
