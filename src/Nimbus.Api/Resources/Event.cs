namespace Nimbus.Api.Resources;

/// <summary>Something a user should see: a deploy, a scale, a node going away, a crash.</summary>
public sealed class Event : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public EventSpec Spec { get; set; } = new();
}

public sealed class EventSpec
{
    public DateTimeOffset Time { get; set; }
    /// <summary>"Normal" or "Warning".</summary>
    public string Type { get; set; } = "Normal";
    /// <summary>What it is about, "app/hello", "node/local-a-1f2e3d", "instance/hello-x1y2z".</summary>
    public string Object { get; set; } = "";
    public string App { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Message { get; set; } = "";
}
