namespace Nimbus.Api.Resources;

/// <summary>A threshold rule on one of an app's series (<c>nimbus alerts add hello 'p95 > 500ms for 1m'</c>): it fires
/// when the condition has held for <see cref="AlertSpec.For"/>, and resolves when it no longer holds. Both show as
/// events and, with a webhook, are POSTed to it.</summary>
public sealed class Alert : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public AlertSpec Spec { get; set; } = new();
    public AlertStatus Status { get; set; } = new();
}

public sealed class AlertSpec
{
    public string App { get; set; } = "";
    /// <summary>The rule as written, e.g. "p95 > 500ms for 1m".</summary>
    public string Rule { get; set; } = "";
    /// <summary>rps, errors, p50, p95, inflight, cpu or mem.</summary>
    public string Metric { get; set; } = "";
    /// <summary>&gt;, &gt;=, &lt; or &lt;=.</summary>
    public string Operator { get; set; } = "";
    /// <summary>In the metric's unit: requests/s, 5xx/s, ms, requests, % of one core, bytes.</summary>
    public double Threshold { get; set; }
    /// <summary>How long the condition must hold before the alert fires.</summary>
    public TimeSpan For { get; set; }
    /// <summary>http(s) URL that gets a JSON POST when the alert fires and when it resolves; empty for none.</summary>
    public string Webhook { get; set; } = "";
}

public sealed class AlertStatus
{
    /// <summary>Ok or Firing.</summary>
    public string State { get; set; } = AlertStates.Ok;
    /// <summary>When the alert last fired or resolved.</summary>
    public DateTimeOffset? Since { get; set; }
    /// <summary>The value that made it fire or resolve.</summary>
    public double? Value { get; set; }
}

public static class AlertStates
{
    public const string Ok = "Ok";
    public const string Firing = "Firing";
}
