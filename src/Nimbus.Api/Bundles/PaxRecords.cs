using System.Globalization;
using System.Text;

namespace Nimbus.Api.Bundles;

/// <summary>Builds the body of a pax extended header ("%d %s=%s\n" records) for names and sizes ustar cannot hold.</summary>
internal static class PaxRecords
{
    private const string HeaderFolder = "PaxHeaders/";

    public static byte[] Build(string? path, long? size)
    {
        var body = new StringBuilder();
        if (path is not null)
        {
            Append(body, "path", path);
        }
        if (size is { } s)
        {
            Append(body, "size", s.ToString(CultureInfo.InvariantCulture));
        }
        return Encoding.UTF8.GetBytes(body.ToString());
    }

    /// <summary>The pax header's own name. Fixed-shape (no process id) so output stays reproducible.</summary>
    public static byte[] HeaderName(string entryName)
    {
        var slash = entryName.TrimEnd('/').LastIndexOf('/');
        var baseName = slash < 0 ? entryName : entryName[(slash + 1)..];
        return AsciiFallback(HeaderFolder + baseName, 100);
    }

    /// <summary>What readers without pax support see: the name with non-ASCII replaced, cut to fit.</summary>
    public static byte[] AsciiFallback(string name, int maxBytes)
    {
        var length = Math.Min(name.Length, maxBytes);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = name[i] is > (char)0 and < (char)128 ? (byte)name[i] : (byte)'_';
        }
        return bytes;
    }

    private static void Append(StringBuilder body, string key, string value)
    {
        // The length prefix counts itself: "<len> <key>=<value>\n".
        var payload = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3;
        var length = payload + Digits(payload);
        if (Digits(length) > Digits(payload))
        {
            length++;
        }
        body.Append(CultureInfo.InvariantCulture, $"{length} {key}={value}\n");
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;
}
