namespace Nimbus.Edge.Dns;

/// <summary>
/// Holds the current <see cref="DnsZoneSnapshot"/> and its lookup index. <see cref="Swap"/> builds the
/// index off to the side and publishes it with one reference write; queries read it with no lock.
/// </summary>
public sealed class DnsZoneHolder
{
    private readonly Lock _swapGate = new();
    private DnsZoneIndex _index;
    private uint _serial;

    /// <summary>Starts with <see cref="DnsZoneSnapshot.Empty"/>.</summary>
    public DnsZoneHolder()
        : this(DnsZoneSnapshot.Empty)
    {
    }

    /// <summary>Starts with <paramref name="initial"/>.</summary>
    public DnsZoneHolder(DnsZoneSnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);

        // Seconds since the epoch, so the SOA serial also grows across restarts; each swap adds one.
        _serial = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _index = DnsZoneIndex.Build(initial, _serial);
    }

    /// <summary>The snapshot queries are answered from now.</summary>
    public DnsZoneSnapshot Current => Volatile.Read(ref _index).Snapshot;

    /// <summary>The SOA serial of the current snapshot; it changes with every swap.</summary>
    public uint Serial => Volatile.Read(ref _index).Serial;

    internal DnsZoneIndex Index => Volatile.Read(ref _index);

    /// <summary>Publishes a new snapshot atomically. Throws <see cref="ArgumentException"/> for an invalid cloud domain.</summary>
    public void Swap(DnsZoneSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_swapGate)
        {
            DnsZoneIndex index = DnsZoneIndex.Build(snapshot, unchecked(_serial + 1));
            _serial = index.Serial;
            Volatile.Write(ref _index, index);
        }
    }
}
