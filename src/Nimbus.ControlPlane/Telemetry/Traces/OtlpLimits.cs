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
    /// <summary>Nesting of array and key-value-list attribute values.</summary>
    public const int MaxDepth = 8;

    public static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
