using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Events;

/// <summary>Writes Event resources — the things a user should see in <c>nimbus events</c>.</summary>
public sealed class EventRecorder(ResourceRepository<Event> events, TimeProvider time)
{
    public async ValueTask RecordAsync(string obj, string app, string reason, string message, bool warning, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var item = new Event
        {
            // Names sort by time so a range read returns events in order.
            Metadata = new ObjectMeta { Name = $"e{now.ToUnixTimeMilliseconds():D14}-{Ids.Suffix(4)}" },
            Spec = new EventSpec { Time = now, Type = warning ? "Warning" : "Normal", Object = obj, App = app, Reason = reason, Message = message },
        };
        await events.CreateAsync(item, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask NormalAsync(string obj, string app, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(obj, app, reason, message, warning: false, cancellationToken);

    public ValueTask WarningAsync(string obj, string app, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(obj, app, reason, message, warning: true, cancellationToken);
}
