using Nimbus.Api;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Resources;

/// <summary>The kinds the control plane stores.</summary>
public static class ResourceKinds
{
    public static readonly ResourceKind<Node> Nodes = new("nodes", NimbusJson.Default.Node, NimbusJson.Default.ResourceListNode);
    public static readonly ResourceKind<App> Apps = new("apps", NimbusJson.Default.App, NimbusJson.Default.ResourceListApp);
    public static readonly ResourceKind<Release> Releases = new("releases", NimbusJson.Default.Release, NimbusJson.Default.ResourceListRelease);
    public static readonly ResourceKind<Instance> Instances = new("instances", NimbusJson.Default.Instance, NimbusJson.Default.ResourceListInstance);
    public static readonly ResourceKind<Event> Events = new("events", NimbusJson.Default.Event, NimbusJson.Default.ResourceListEvent);
    public static readonly ResourceKind<EdgeNode> Edges = new("edges", NimbusJson.Default.EdgeNode, NimbusJson.Default.ResourceListEdgeNode);
    public static readonly ResourceKind<Domain> Domains = new("domains", NimbusJson.Default.Domain, NimbusJson.Default.ResourceListDomain);
    public static readonly ResourceKind<StorageNode> StorageNodes = new("storagenodes", NimbusJson.Default.StorageNode, NimbusJson.Default.ResourceListStorageNode);
    public static readonly ResourceKind<Alert> Alerts = new("alerts", NimbusJson.Default.Alert, NimbusJson.Default.ResourceListAlert);
    public static readonly ResourceKind<AccessKey> AccessKeys = new("accesskeys", NimbusJson.Default.AccessKey, NimbusJson.Default.ResourceListAccessKey);

    public static readonly string[] Plurals = ["nodes", "apps", "releases", "instances", "events", "edges", "domains", "accesskeys", "storagenodes", "alerts"];

    /// <summary>Splits a store key into (plural, project, name); null when it is not a resource key.</summary>
    public static (string Plural, string Project, string Name)? Parse(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 4 && parts[0].Length == 0 ? (parts[1], parts[2], parts[3]) : null;
    }
}
