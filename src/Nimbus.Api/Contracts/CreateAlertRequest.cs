namespace Nimbus.Api.Contracts;

/// <summary><c>POST /v1/apps/{app}/alerts</c>.</summary>
public sealed class CreateAlertRequest
{
    /// <summary>e.g. "p95 > 500ms for 1m".</summary>
    public string Rule { get; set; } = "";
    /// <summary>Optional: the alert's name (default: APP-METRIC-xxxx).</summary>
    public string? Name { get; set; }
    /// <summary>Optional http(s) URL for a JSON POST when it fires and resolves.</summary>
    public string? Webhook { get; set; }
}
