using System.Globalization;
using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>Chunk ids: 128 random bits, named by 32 lower-case hex digits.</summary>
internal static class ChunkIds
{
    public const int Length = 32;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static bool IsValid(ReadOnlySpan<char> name) =>
        name.Length == Length && name.IndexOfAnyExcept("0123456789abcdef") < 0;

    public static UInt128 ToValue(string id) => UInt128.Parse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    public static string ToName(UInt128 value) => value.ToString("x32", CultureInfo.InvariantCulture);
}
