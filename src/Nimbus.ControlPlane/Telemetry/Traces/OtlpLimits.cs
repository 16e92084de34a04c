namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>Bounds on what an app may send: one export, one span, one attribute.</summary>
internal static class OtlpLimits
{
    /// <summary>An export's body, after decompression.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;
    public const int MaxSpansPerExport = 10_000;
    public const int MaxAttributes = 64;
    public const int MaxName = 256;
    public const int MaxValue = 1024;
    /// <summary>All of one span's attribute keys and values together, in characters.</summary>
    public const int MaxAttributeChars = 8192;
    /// <summary>Nesting of array and key-value-list attribute values.</summary>
    public const int MaxDepth = 8;

    /// <summary>At most <paramref name="max"/> characters, without control characters (what an app sends ends up in an
    /// operator's terminal).</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length > max)
        {
            text = text[..max];
        }
        return text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') < 0 && text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') < 0
            ? text
            : string.Create(text.Length, text, static (output, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    output[i] = char.IsControl(source[i]) ? ' ' : source[i];
                }
            });
    }
}
