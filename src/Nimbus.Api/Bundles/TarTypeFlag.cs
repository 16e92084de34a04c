namespace Nimbus.Api.Bundles;

/// <summary>The ustar type flags the packer writes.</summary>
internal static class TarTypeFlag
{
    public const byte RegularFile = (byte)'0';
    public const byte Directory = (byte)'5';
    public const byte PaxExtended = (byte)'x';
}
