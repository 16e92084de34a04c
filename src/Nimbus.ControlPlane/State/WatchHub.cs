using System.Threading.Channels;

namespace Nimbus.ControlPlane.State;

/// <summary>Fans committed changes out to live watchers. A watcher that falls more than its buffer behind
/// is completed with an error; it resumes from its last revision through the change log.</summary>
internal sealed class WatchHub
{
    private readonly Lock _lock = new();
    private Subscription[] _subscriptions = [];

    public Subscription Subscribe(string prefix, int buffer)
    {
        var subscription = new Subscription(prefix, Channel.CreateBounded<StoreEvent>(new BoundedChannelOptions(buffer)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        }));
        lock (_lock)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }
        return subscription;
    }

    public void Unsubscribe(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions = Array.FindAll(_subscriptions, s => !ReferenceEquals(s, subscription));
        }
        subscription.Channel.Writer.TryComplete();
    }

    public void Publish(List<StoreEvent> events)
    {
        var subscriptions = Volatile.Read(ref _subscriptions);
        foreach (var subscription in subscriptions)
        {
            foreach (var e in events)
            {
                if (e.Entry.Key.StartsWith(subscription.Prefix, StringComparison.Ordinal)
                    && !subscription.Channel.Writer.TryWrite(e))
                {
                    subscription.Channel.Writer.TryComplete(new WatcherTooSlowException());
                    break;
                }
            }
        }
    }

    public void CompleteAll()
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Channel.Writer.TryComplete();
        }
    }

    internal sealed record Subscription(string Prefix, Channel<StoreEvent> Channel)
    {
        public ChannelReader<StoreEvent> Reader => Channel.Reader;
    }
}
