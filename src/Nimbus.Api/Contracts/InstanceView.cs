namespace Nimbus.Api.Contracts;

/// <summary>One row of <c>nimbus ps APP --output json</c>.</summary>
public sealed class InstanceView
{
    public string Id { get; set; } = "";
    /// <summary>"ready" when serving; otherwise the lower-cased phase ("starting", "pending", "crashed", "stopping").</summary>
    public string State { get; set; } = "";
    public string Address { get; set; } = "";
    public int Pid { get; set; }
    public string Node { get; set; } = "";
    public string Zone { get; set; } = "";
    public string Release { get; set; } = "";
    public int Restarts { get; set; }
    public string LastExit { get; set; } = "";
    public string Message { get; set; } = "";
}
