using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Controllers;

/// <summary>Keeps the newest <see cref="ControlPlaneOptions.EventLimit"/> events; events are history, not state.</summary>
internal sealed class EventRetentionController(ResourceRepository<Event> events, ControlPlaneOptions options) : IController
{
    private int _passes;

    public string Name => "event-retention";

    public async ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken ct)
    {
        if (_passes++ % 60 != 0)
        {
            return;
        }
        var (items, _) = await events.ListAsync(ObjectMeta.DefaultProject, ct).ConfigureAwait(false);
        for (var i = 0; i < items.Count - options.EventLimit; i++)
        {
            await events.DeleteAsync(ObjectMeta.DefaultProject, items[i].Metadata.Name, 0, ct).ConfigureAwait(false);
        }
    }
}
