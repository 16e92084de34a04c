namespace Nimbus.Edge.Proxy.Async;

/// <summary>Spare boxes of one async method: one per thread (no lock: the common rent-after-return on a poller
/// thread), then a shared stack of up to <see cref="Capacity"/> (enough for every connection a busy edge has waiting
/// at once); beyond it a returned box is left to the collector.</summary>
internal static class BoxPool<TBox> where TBox : class, new()
{
    internal const int Capacity = 512;

    [ThreadStatic]
    private static TBox? t_spare;

    private static readonly TBox?[] Shared = new TBox?[Capacity];
    private static readonly Lock Gate = new();
    private static int _count;

    public static TBox Rent()
    {
        var box = t_spare;
        if (box is not null)
        {
            t_spare = null;
            return box;
        }
        lock (Gate)
        {
            if (_count > 0)
            {
                box = Shared[--_count];
                Shared[_count] = null;
                return box!;
            }
        }
        return new TBox();
    }

    public static void Return(TBox box)
    {
        if (t_spare is null)
        {
            t_spare = box;
            return;
        }
        lock (Gate)
        {
            if (_count < Capacity)
            {
                Shared[_count++] = box;
            }
        }
    }

    /// <summary>Spare boxes in the shared stack (for tests).</summary>
    internal static int SharedCount
    {
        get
        {
            lock (Gate)
            {
                return _count;
            }
        }
    }
}
