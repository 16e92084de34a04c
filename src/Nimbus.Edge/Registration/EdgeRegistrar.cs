using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Registration;

/// <summary>Keeps this edge registered with the control plane: a record on a lease, renewed by heartbeats, so DNS
/// answers with live edges only and the control plane can reach each edge's counters and cache.</summary>
internal sealed partial class EdgeRegistrar(
    NimbusClient client,
    EdgeIdentity identity,
    RouteTableHolder routes,
    EdgeOptions options,
    TimeProvider time,
    ILogger<EdgeRegistrar> logger) : BackgroundService
{
    private TimeSpan _interval = options.HeartbeatInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Advertised (to DNS, to the control plane) only once it can route: before its first table it knows no app.
            await identity.Bound.WaitAsync(stoppingToken).ConfigureAwait(false);
            await routes.Synced.WaitAsync(stoppingToken).ConfigureAwait(false);
            await RegisterAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(_interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                timer.Period = _interval;
                try
                {
                    await client.EdgeHeartbeatAsync(identity.Name, stoppingToken).ConfigureAwait(false);
                }
                catch (NimbusApiException ex) when (ex.Status == HttpStatusCode.NotFound)
                {
                    await RegisterAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogHeartbeatFailed(ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private EdgeNode Describe() => new()
    {
        Metadata = new ObjectMeta { Name = identity.Name, Labels = { ["zone"] = identity.Zone } },
        Spec = new EdgeNodeSpec
        {
            Zone = identity.Zone,
            Holder = identity.Holder,
            Http = identity.Http?.ToString() ?? "",
            Https = identity.Https?.ToString() ?? "",
            Dns = identity.Dns?.ToString() ?? "",
            Admin = identity.Admin?.ToString() ?? "",
        },
    };

    private async Task RegisterAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var edge = await client.RegisterEdgeAsync(Describe(), ct).ConfigureAwait(false);
                if (edge.Status.HeartbeatInterval is { } wanted && wanted > TimeSpan.Zero)
                {
                    _interval = wanted < options.HeartbeatInterval ? wanted : options.HeartbeatInterval;
                }
                LogRegistered(identity.Name, identity.Zone);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogRegisterFailed(client.BaseAddress.ToString(), ex.Message);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Leave at once rather than when the lease runs out, so DNS stops naming this edge now.
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DeregisterEdgeAsync(identity.Name, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or NimbusApiException or OperationCanceledException or TimeoutException)
        {
        }
    }
}
