using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.ObjectStore.Replication;

/// <summary>Keeps this storage node registered with the control plane (PUT /v1/storagenodes/{id} on a lease, renewed
/// by heartbeats; re-registered on 404), as edges do, and deregisters on stop so peers see it gone at once.</summary>
internal sealed partial class StorageNodeRegistrar(NimbusClient client, NodeIdentity identity, TimeProvider time, ILogger<StorageNodeRegistrar> logger)
    : BackgroundService
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first successful registration.</summary>
    public Task Registered => _registered.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        LeaseRegistration.RunAsync(
            ready: identity.Bound,
            register: RegisterAsync,
            heartbeat: ct => client.StorageNodeHeartbeatAsync(identity.Id, ct),
            maxInterval: DefaultInterval,
            registerFailed: ex => LogRegisterFailed(client.BaseAddress.ToString(), ex.Message),
            heartbeatFailed: ex => LogHeartbeatFailed(ex.Message),
            time,
            stoppingToken);

    private async Task<TimeSpan?> RegisterAsync(CancellationToken ct)
    {
        var node = await client.RegisterStorageNodeAsync(new StorageNode
        {
            Metadata = new ObjectMeta { Name = identity.Id, Labels = { ["zone"] = identity.Zone } },
            Spec = new StorageNodeSpec { Zone = identity.Zone, Holder = identity.Holder, Peer = identity.Peer!.ToString(), Metadata = identity.Metadata, S3 = identity.S3?.ToString() ?? "" },
        }, ct).ConfigureAwait(false);
        LogRegistered(identity.Id, identity.Zone, identity.Peer.ToString());
        _registered.TrySetResult();
        return node.Status.HeartbeatInterval;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_registered.Task.IsCompleted)
        {
            await LeaseRegistration.LeaveAsync(ct => client.DeregisterStorageNodeAsync(identity.Id, ct)).ConfigureAwait(false);
        }
    }
}
