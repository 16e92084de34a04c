using System.Security.Cryptography;

namespace Nimbus.ControlPlane.Resources;

/// <summary>Random identifiers: resource ids and the short suffixes of instance names.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>A DNS-safe suffix such as "x7k2p".</summary>
    public static string Suffix(int length = 5)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(i == 0 ? 26 : Alphabet.Length)];
        }
        return new string(chars);
    }
}
