using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;
using Nimbus.Edge.RateLimiting;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Routing;

/// <summary>Follows the control plane (list, then watch from the list's revision; list again on any break) and swaps
/// in a new routing snapshot after each batch of changes. Level-triggered: a missed event is repaired by the next list.</summary>
internal sealed partial class RouteFollower(
    NimbusClient client,
    RouteTableHolder routes,
    TrafficRegistry traffic,
    ClientRateLimiter limiter,
    IEnumerable<IRouteTableListener> listeners,
    EdgeIdentity identity,
    TimeProvider time,
    ILogger<RouteFollower> logger) : BackgroundService
{
    private const string Kinds = "apps,releases,instances,edges,domains";

    private readonly RouteTableBuilder _builder = new(traffic);
    private readonly ClusterView _view = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResourceFollower.RunAsync(ListAsync, FollowAsync, ex => LogFollowBroken(client.BaseAddress.ToString(), ex.Message), time, stoppingToken);

    /// <summary>Reads everything and publishes a table. Returns the revision to watch from: the oldest of the lists, so no
    /// change between them is missed (replaying one already seen converges to the same state).</summary>
    private async Task<long> ListAsync(CancellationToken ct)
    {
        var apps = client.ListAsync("apps", NimbusJson.Default.ResourceListApp, ct);
        var releases = client.ListAsync("releases", NimbusJson.Default.ResourceListRelease, ct);
        var instances = client.ListAsync("instances", NimbusJson.Default.ResourceListInstance, ct);
        var edges = client.ListAsync("edges", NimbusJson.Default.ResourceListEdgeNode, ct);
        var domains = client.ListAsync("domains", NimbusJson.Default.ResourceListDomain, ct);
        var cluster = client.GetClusterInfoAsync(ct);
        await Task.WhenAll(apps, releases, instances, edges, domains, cluster).ConfigureAwait(false);
        identity.Domain = cluster.Result.Domain;
        _view.Clear();
        foreach (var app in apps.Result.Items)
        {
            _view.Apps[app.Metadata.Name] = app;
        }
        foreach (var release in releases.Result.Items)
        {
            _view.Releases[release.Metadata.Name] = release;
        }
        foreach (var instance in instances.Result.Items)
        {
            _view.Instances[instance.Metadata.Name] = instance;
        }
        foreach (var edge in edges.Result.Items)
        {
            _view.Edges[edge.Metadata.Name] = edge;
        }
        foreach (var domain in domains.Result.Items)
        {
            _view.Domains[domain.Metadata.Name] = domain.Spec.App;
            _view.MarkDomainChanged(domain.Metadata.Name);
        }
        var since = new[] { apps.Result.Revision, releases.Result.Revision, instances.Result.Revision, edges.Result.Revision, domains.Result.Revision }.Min();
        _view.Revision = since;
        Publish();
        return since;
    }

    private async Task FollowAsync(long since, CancellationToken ct)
    {
        // The reader runs ahead into a channel so a burst of changes is applied as one batch and one rebuild.
        var changes = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in client.WatchAsync(since, Kinds, stop.Token).ConfigureAwait(false))
                {
                    await changes.Writer.WriteAsync(change, stop.Token).ConfigureAwait(false);
                }
                changes.Writer.TryComplete(new IOException("the watch stream ended"));
            }
            catch (Exception ex)
            {
                changes.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);
        try
        {
            while (await changes.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                var changed = false;
                while (changes.Reader.TryRead(out var change))
                {
                    changed |= change.Type != "bookmark" && _view.Apply(change);
                }
                if (changed)
                {
                    Publish();
                }
            }
            await changes.Reader.Completion.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    private void Publish()
    {
        var table = _builder.Build(_view, identity.Domain);
        var previous = routes.Current;
        routes.Swap(table);
        foreach (var name in previous.Apps.Keys)
        {
            if (!table.Apps.ContainsKey(name))
            {
                traffic.Forget(name);
                limiter.Forget(name);
            }
        }
        foreach (var listener in listeners)
        {
            listener.OnRoutesChanged(_view, table);
        }
        LogTablePublished(table.Revision, table.Apps.Count, table.Hosts.Count);
    }
}
