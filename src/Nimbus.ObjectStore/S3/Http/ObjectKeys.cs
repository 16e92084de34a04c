using System.Text;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>What object keys may be: at most 1024 bytes of UTF-8, no "." or ".." path segment (a key that would walk
/// up a path when mirrored to a file system, as `aws s3 sync` and rclone do), no NUL.</summary>
internal static class ObjectKeys
{
    public const int MaxBytes = 1024;

    public static S3Error? Validate(string key)
    {
        if (Encoding.UTF8.GetByteCount(key) > MaxBytes)
        {
            return S3Errors.KeyTooLong();
        }
        if (key.Contains('\0'))
        {
            return S3Errors.InvalidArgument("key", null, "Object keys must not contain NUL characters.");
        }
        foreach (var range in key.AsSpan().Split('/'))
        {
            var segment = key.AsSpan()[range];
            if (segment is "." or "..")
            {
                return S3Errors.InvalidArgument("key", key, "Object keys must not contain '.' or '..' path segments (they would escape a directory when the bucket is synced to disk); rename the key.");
            }
        }
        return null;
    }
}
