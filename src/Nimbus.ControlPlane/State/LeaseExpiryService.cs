using Microsoft.Extensions.Hosting;

namespace Nimbus.ControlPlane.State;

/// <summary>Revokes leases whose time ran out, once a second.</summary>
internal sealed class LeaseExpiryService(IStateStore store, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await store.ExpireLeasesAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
