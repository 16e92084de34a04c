using System.Net;
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
    private TimeSpan _interval = DefaultInterval;

    /// <summary>Completes at the first successful registration.</summary>
    public Task Registered => _registered.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await identity.Bound.WaitAsync(stoppingToken).ConfigureAwait(false);
            await RegisterAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(_interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                timer.Period = _interval;
                try
                {
                    await client.StorageNodeHeartbeatAsync(identity.Id, stoppingToken).ConfigureAwait(false);
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

    private async Task RegisterAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var node = await client.RegisterStorageNodeAsync(new StorageNode
                {
                    Metadata = new ObjectMeta { Name = identity.Id, Labels = { ["zone"] = identity.Zone } },
                    Spec = new StorageNodeSpec { Zone = identity.Zone, Holder = identity.Holder, Peer = identity.Peer!.ToString() },
                }, ct).ConfigureAwait(false);
                if (node.Status.HeartbeatInterval is { } wanted && wanted > TimeSpan.Zero)
                {
                    _interval = wanted < DefaultInterval ? wanted : DefaultInterval;
                }
                LogRegistered(identity.Id, identity.Zone, identity.Peer.ToString());
                _registered.TrySetResult();
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
        if (!_registered.Task.IsCompleted)
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DeregisterStorageNodeAsync(identity.Id, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or NimbusApiException or OperationCanceledException or TimeoutException)
        {
        }
    }
}
