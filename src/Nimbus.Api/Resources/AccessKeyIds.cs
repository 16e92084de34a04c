using System.Security.Cryptography;

namespace Nimbus.Api.Resources;

/// <summary>Access key ids and secrets shaped like AWS's, so S3 clients and their validators accept them: an id is 20
/// upper-case letters and digits starting "NK"; a secret is 40 base64 characters (30 random bytes).</summary>
public static class AccessKeyIds
{
    public const string Prefix = "NK";
    public const int IdLength = 20;
    public const int SecretLength = 40;
    public const string Rule = "20 upper-case letters and digits starting with NK, e.g. NKXXXXXXXXXXXXXXXXXX";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string NewId()
    {
        Span<char> chars = stackalloc char[IdLength];
        chars[0] = 'N';
        chars[1] = 'K';
        for (var i = Prefix.Length; i < IdLength; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(chars);
    }

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretLength / 4 * 3));

    public static bool IsValidId(string? id)
    {
        if (id is null || id.Length != IdLength || !id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
