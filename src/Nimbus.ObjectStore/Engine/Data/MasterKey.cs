using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// The node's SSE-S3 key-encryption key: 32 random bytes in <c>&lt;dir&gt;/master.key</c>, created on first start.
/// The file is created with mode 0600 (never readable by others, not even between creation and a chmod), written
/// under a temp name, fsynced and linked into place without replacing a key another process created meanwhile.
/// </summary>
internal static class MasterKey
{
    public const string FileName = "master.key";

    public static byte[] LoadOrCreate(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            Create(directory, path);
        }
        var key = File.ReadAllBytes(path);
        if (key.Length != KeyWrap.KeySize)
        {
            throw new InvalidDataException($"{path} holds {key.Length} bytes, not a {KeyWrap.KeySize}-byte key; restore it from a backup (objects encrypted with SSE-S3 cannot be read without it)");
        }
        return key;
    }

    /// <summary>Puts <paramref name="key"/> in place of the node's key; a different key already there is kept as
    /// <c>master.key.&lt;unix ms&gt;.old</c> (mode 0600), never deleted.</summary>
    public static void Replace(string directory, ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyWrap.KeySize)
        {
            throw new ArgumentException($"a master key is {KeyWrap.KeySize} bytes, not {key.Length}", nameof(key));
        }
        var path = Path.Combine(directory, FileName);
        var temp = WriteTemp(directory, key);
        try
        {
            if (File.Exists(path))
            {
                // The old key is copied aside first, then the new one renamed over it: there is always a key in place.
                var old = File.ReadAllBytes(path);
                try
                {
                    File.Move(WriteTemp(directory, old), Path.Combine(directory, $"{FileName}.{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}.old"));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(old);
                }
            }
            File.Move(temp, path, overwrite: true);
            DirectorySync.Flush(directory);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string WriteTemp(string directory, ReadOnlySpan<byte> key)
    {
        var temp = Path.Combine(directory, $".master.key.{ChunkIds.New()}.tmp");
        using var file = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        file.Write(key);
        file.Flush(flushToDisk: true);
        return temp;
    }

    private static void Create(string directory, string path)
    {
        Span<byte> key = stackalloc byte[KeyWrap.KeySize];
        RandomNumberGenerator.Fill(key);
        string? temp = null;
        try
        {
            temp = WriteTemp(directory, key);
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created the key first: use theirs.
            }
            DirectorySync.Flush(directory);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (temp is not null)
            {
                File.Delete(temp);
            }
        }
    }
}
