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

    private static void Create(string directory, string path)
    {
        var temp = Path.Combine(directory, $".master.key.{ChunkIds.New()}.tmp");
        Span<byte> key = stackalloc byte[KeyWrap.KeySize];
        RandomNumberGenerator.Fill(key);
        try
        {
            using (var file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                file.Write(key);
                file.Flush(flushToDisk: true);
            }
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
            File.Delete(temp);
        }
    }
}
