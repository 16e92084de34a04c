using System.Net;
using System.Net.Sockets;

namespace Nimbus.Edge.Dns;

/// <summary>
/// The lookup structure built once per <see cref="DnsZoneSnapshot"/>: every existing name (including
/// empty non-terminals such as <c>_tcp.&lt;app&gt;.&lt;domain&gt;</c>) keyed by presentation form, with its
/// records pre-encoded, so a query costs a span-keyed dictionary probe and no allocation.
/// Names in the snapshot that are not valid DNS labels are left out.
/// </summary>
internal sealed class DnsZoneIndex
{
    private readonly Dictionary<string, DnsNode> _nodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DnsZoneApex> _apexes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DnsNode>.AlternateLookup<ReadOnlySpan<char>> _nodeLookup;
    private readonly Dictionary<string, DnsZoneApex>.AlternateLookup<ReadOnlySpan<char>> _apexLookup;

    private DnsZoneIndex(DnsZoneSnapshot snapshot, uint serial)
    {
        Snapshot = snapshot;
        Serial = serial;
        _nodeLookup = _nodes.GetAlternateLookup<ReadOnlySpan<char>>();
        _apexLookup = _apexes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public DnsZoneSnapshot Snapshot { get; }

    public uint Serial { get; }

    /// <summary>The node of an existing name (presentation form, any case).</summary>
    public bool TryGetNode(ReadOnlySpan<char> name, out DnsNode node) => _nodeLookup.TryGetValue(name, out node!);

    /// <summary>The innermost zone of ours that contains <paramref name="name"/>, or null when the name is outside them all.</summary>
    public DnsZoneApex? FindZone(ReadOnlySpan<char> name)
    {
        if (_apexLookup.TryGetValue(name, out DnsZoneApex? apex))
        {
            return apex;
        }

        // Escaped dots are "\046", so every '.' here separates labels.
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == '.' && _apexLookup.TryGetValue(name[(i + 1)..], out apex))
            {
                return apex;
            }
        }

        return null;
    }

    /// <summary>Builds the index; throws for an invalid cloud domain (a configuration error).</summary>
    public static DnsZoneIndex Build(DnsZoneSnapshot snapshot, uint serial)
    {
        var index = new DnsZoneIndex(snapshot, serial);
        byte[] domain = DnsName.Encode(snapshot.Domain);
        var edgeA = new List<byte[]>();
        var edgeAaaa = new List<byte[]>();
        foreach (IPAddress address in snapshot.EdgeAddresses)
        {
            AddAddress(address, edgeA, edgeAaaa);
        }

        byte[][] a = [.. edgeA];
        byte[][] aaaa = [.. edgeAaaa];
        byte[]? nameServer = Prepend("ns", domain);
        byte[]? hostmaster = Prepend("hostmaster", domain);
        if (nameServer is null || hostmaster is null)
        {
            throw new ArgumentException($"The cloud domain '{snapshot.Domain}' is too long.", nameof(snapshot));
        }

        var zone = new DnsZoneApex(domain, nameServer, hostmaster, serial, a, aaaa);
        index.AddApex(zone);
        DnsNode ns = index.GetOrAdd(nameServer, zone);
        (ns.A, ns.Aaaa) = (a, aaaa);

        foreach ((string app, IReadOnlyList<DnsServiceTarget> targets) in snapshot.Apps)
        {
            if (Prepend(app, domain) is not { } appName || Prepend("_tcp", appName) is not { } tcp || Prepend("_http", tcp) is not { } srvName)
            {
                continue;
            }

            DnsNode appNode = index.GetOrAdd(appName, zone);
            (appNode.A, appNode.Aaaa) = (a, aaaa);
            DnsNode srvNode = index.GetOrAdd(srvName, zone);
            var entries = new List<DnsSrvEntry>(targets.Count);
            foreach (DnsServiceTarget target in targets)
            {
                if (Prepend(target.Instance, appName) is not { } instanceName)
                {
                    continue;
                }

                DnsNode instance = index.GetOrAdd(instanceName, zone);
                var instanceA = new List<byte[]>(instance.A);
                var instanceAaaa = new List<byte[]>(instance.Aaaa);
                AddAddress(target.Address, instanceA, instanceAaaa);
                (instance.A, instance.Aaaa) = ([.. instanceA], [.. instanceAaaa]);
                entries.Add(new DnsSrvEntry(target.Port, instanceName, instance.A, instance.Aaaa));
            }

            srvNode.Srv = [.. entries];
        }

        Span<byte> wire = stackalloc byte[DnsConstants.MaxNameLength];
        foreach (string custom in snapshot.CustomDomains.Keys)
        {
            if (!DnsName.TryEncode(custom, wire, out int length) || length == 1)
            {
                continue;
            }

            byte[] name = wire[..length].ToArray();
            DnsZoneApex customZone = zone;
            if (!IsUnder(name, domain))
            {
                // We answer for a custom domain as if it were delegated to us: its own apex, our name server.
                customZone = new DnsZoneApex(name, nameServer, hostmaster, serial, a, aaaa);
                index.AddApex(customZone);
            }

            DnsNode node = index.GetOrAdd(name, customZone);
            (node.A, node.Aaaa) = (a, aaaa);
        }

        return index;
    }

    private void AddApex(DnsZoneApex apex)
    {
        _apexes[Key(apex.Name)] = apex;
        GetOrAdd(apex.Name, apex).IsApex = true;
    }

    /// <summary>The node for a name, created with any missing ancestors up to its zone's apex (empty non-terminals exist).</summary>
    private DnsNode GetOrAdd(byte[] name, DnsZoneApex zone)
    {
        string key = Key(name);
        if (!_nodes.TryGetValue(key, out DnsNode? node))
        {
            node = new DnsNode(zone);
            _nodes.Add(key, node);
            int parent = 1 + name[0];
            if (name.Length - parent > zone.Name.Length)
            {
                GetOrAdd(name[parent..], zone);
            }
        }

        return node;
    }

    private static string Key(ReadOnlySpan<byte> wire)
    {
        Span<char> chars = stackalloc char[DnsConstants.MaxPresentationLength];
        return new string(chars[..DnsName.Format(wire, chars, lowercase: true)]);
    }

    /// <summary>A single label in front of a wire name, or null when the label or the result is not valid.</summary>
    private static byte[]? Prepend(string label, byte[] parent)
    {
        if (label.Length is 0 or > DnsConstants.MaxLabelLength || label.Length + 1 + parent.Length > DnsConstants.MaxNameLength)
        {
            return null;
        }

        var name = new byte[1 + label.Length + parent.Length];
        name[0] = (byte)label.Length;
        for (int i = 0; i < label.Length; i++)
        {
            char c = label[i];
            if (c is <= ' ' or >= (char)0x7F or '.' or '\\')
            {
                return null;
            }

            name[1 + i] = (byte)c;
        }

        parent.CopyTo(name, 1 + label.Length);
        return name;
    }

    private static bool IsUnder(byte[] name, byte[] zone)
    {
        int pos = 0;
        while (name.Length - pos > zone.Length)
        {
            pos += 1 + name[pos];
        }

        return name.Length - pos == zone.Length && DnsName.EqualsIgnoreCase(name.AsSpan(pos), zone);
    }

    private static void AddAddress(IPAddress address, List<byte[]> a, List<byte[]> aaaa)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        (address.AddressFamily == AddressFamily.InterNetwork ? a : aaaa).Add(address.GetAddressBytes());
    }
}
