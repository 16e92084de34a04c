using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Controllers;

/// <summary>Every node, app, release and instance of the default project, read for one controller pass.</summary>
public sealed record ClusterSnapshot(
    IReadOnlyList<Node> Nodes,
    IReadOnlyList<App> Apps,
    IReadOnlyList<Release> Releases,
    IReadOnlyList<Instance> Instances,
    DateTimeOffset Now)
{
    public Node? FindNode(string name) => Nodes.FirstOrDefault(n => n.Metadata.Name == name);

    public Release? FindRelease(string app, string label) =>
        Releases.FirstOrDefault(r => r.Spec.App == app && r.Spec.Label == label);

    public IEnumerable<Instance> InstancesOf(string app) => Instances.Where(i => i.Spec.App == app);
}
