using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Scheduling;

/// <summary>Either a node, or the reason the instance stays Pending.</summary>
public sealed record PlacementResult(Node? Node, string? Reason)
{
    public static PlacementResult Placed(Node node) => new(node, null);
    public static PlacementResult Pending(string reason) => new(null, reason);
}
