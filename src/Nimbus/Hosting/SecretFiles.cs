using System.Security.Cryptography;

namespace Nimbus.Hosting;

/// <summary>Secrets are files with mode 0600, created with that mode (never widened then narrowed).</summary>
internal static class SecretFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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
        Write(path, token + "\n");
        return token;
    }

    public static void Write(string path, string content)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnly,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
