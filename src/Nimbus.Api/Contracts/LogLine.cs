namespace Nimbus.Api.Contracts;

/// <summary>One line an instance wrote, as served by GET /v1/apps/{app}/logs and the agent.</summary>
public sealed class LogLine
{
    public DateTimeOffset Time { get; set; }
    public string Instance { get; set; } = "";
    /// <summary>"out" or "err".</summary>
    public string Stream { get; set; } = "out";
    public string Text { get; set; } = "";
}
