namespace Nimbus.Api.Bundles;

/// <summary>The only permissions a bundle stores: everything is normalised to one of these.</summary>
internal static class TarMode
{
    public const int Directory = 0b111_101_101; // 0755
    public const int Executable = 0b111_101_101; // 0755
    public const int Regular = 0b110_100_100; // 0644

    public static UnixFileMode ToUnixFileMode(bool executable) => (UnixFileMode)(executable ? Executable : Regular);
}
