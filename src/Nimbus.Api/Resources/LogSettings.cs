namespace Nimbus.Api.Resources;

/// <summary>The <c>logs:</c> section of nimbus.yaml: how long and how much of the app's output each node keeps. Null
/// fields take the agent's defaults (7 days, 256 MiB per app per node).</summary>
public sealed class LogSettings
{
    public TimeSpan? Retention { get; set; }
    public long? MaxBytes { get; set; }
}

/// <summary>The bounds of <see cref="LogSettings"/>, checked by the manifest reader and the API alike.</summary>
public static class LogLimits
{
    public static readonly TimeSpan MinRetention = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(365);
    public const long MinBytes = 1L << 20;
    public const long MaxBytes = 1L << 40;

    public static string? CheckRetention(TimeSpan retention) =>
        retention < MinRetention || retention > MaxRetention ? "must be between 1h and 365d" : null;

    public static string? CheckMaxBytes(long bytes) =>
        bytes is < MinBytes or > MaxBytes ? "must be between 1Mi and 1Ti" : null;
}
