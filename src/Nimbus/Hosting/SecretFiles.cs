using System.Security.Cryptography;
using Nimbus.Api.Files;

namespace Nimbus.Hosting;

/// <summary>Secrets are files with mode 0600, created with that mode (never widened then narrowed).</summary>
internal static class SecretFiles
{
    public const UnixFileMode OwnerOnly = AtomicFile.OwnerOnly;

    /// <summary>The admin token in &lt;data&gt;/credentials, made on first start.</summary>
    public static string LoadOrCreateToken(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "credentials");
        if (File.Exists(path))
        {
            if (OperatingSystem.IsLinux() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 16)
            {
                return existing;
            }
        }
        var token = "nmb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        AtomicFile.Write(path, token + "\n", OwnerOnly);
        return token;
    }
}
