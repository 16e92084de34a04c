namespace Nimbus.Edge.Proxy.Async;

/// <summary>Spare boxes of one async method: up to <see cref="LocalCapacity"/> per thread, taken and given back without
/// a lock (a poller thread resumes and starts the waits of all its connections, so what one request gives back the
/// next one takes), then a shared stack of up to <see cref="Capacity"/> (enough for every connection a busy edge has
/// waiting at once); beyond it a returned box is left to the collector.</summary>
internal static class BoxPool<TBox> where TBox : class, new()
{
    internal const int LocalCapacity = 16;
    internal const int Capacity = 512;

    [ThreadStatic]
    private static TBox?[]? t_spares;
    [ThreadStatic]
    private static int t_count;

    private static readonly TBox?[] Shared = new TBox?[Capacity];
    private static readonly Lock Gate = new();
    private static int _count;

    public static TBox Rent()
    {
        var spares = t_spares;
        if (spares is not null && t_count > 0)
        {
            var index = --t_count;
            var spare = spares[index]!;
            spares[index] = null;
            return spare;
        }
        lock (Gate)
        {
            if (_count > 0)
            {
                var box = Shared[--_count]!;
                Shared[_count] = null;
                return box;
            }
        }
        return new TBox();
    }

    public static void Return(TBox box)
    {
        var spares = t_spares ??= new TBox?[LocalCapacity];
        if (t_count < spares.Length)
        {
            spares[t_count++] = box;
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
}
