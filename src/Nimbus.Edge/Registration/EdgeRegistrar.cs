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
    // Advertised (to DNS, to the control plane) only once it can route: before its first table it knows no app.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LeaseRegistration.RunAsync(
            ready: Task.WhenAll(identity.Bound, routes.Synced),
            register: RegisterAsync,
            heartbeat: ct => client.EdgeHeartbeatAsync(identity.Name, ct),
            maxInterval: options.HeartbeatInterval,
            registerFailed: ex => LogRegisterFailed(client.BaseAddress.ToString(), ex.Message),
            heartbeatFailed: ex => LogHeartbeatFailed(ex.Message),
            time,
            stoppingToken);

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

    private async Task<TimeSpan?> RegisterAsync(CancellationToken ct)
    {
        var edge = await client.RegisterEdgeAsync(Describe(), ct).ConfigureAwait(false);
        LogRegistered(identity.Name, identity.Zone);
        return edge.Status.HeartbeatInterval;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Leave at once rather than when the lease runs out, so DNS stops naming this edge now.
        await LeaseRegistration.LeaveAsync(ct => client.DeregisterEdgeAsync(identity.Name, ct)).ConfigureAwait(false);
    }
}
