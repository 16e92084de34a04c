namespace Nimbus.Edge.Dns;

/// <summary>One SRV answer, pre-encoded: port, target name and the target's addresses for the additional section.</summary>
internal sealed class DnsSrvEntry(ushort port, byte[] target, byte[][] a, byte[][] aaaa)
{
    public ushort Port { get; } = port;

    public byte[] Target { get; } = target;

    public byte[][] A { get; } = a;

    public byte[][] Aaaa { get; } = aaaa;
}
