using System.Text.Json;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Resources;

/// <summary>Turns a stored value of any kind into JSON with its resourceVersion filled in (for watch events).</summary>
public sealed class ResourceDecoder(
    ResourceRepository<Node> nodes,
    ResourceRepository<App> apps,
    ResourceRepository<Release> releases,
    ResourceRepository<Instance> instances,
    ResourceRepository<Event> events,
    ResourceRepository<Domain> domains,
    ResourceRepository<EdgeNode> edges,
    ResourceRepository<AccessKey> accessKeys,
    ResourceRepository<StorageNode> storageNodes,
    ResourceRepository<Alert> alerts)
{
    public JsonElement? Decode(string plural, KeyValue entry) => plural switch
    {
        "nodes" => JsonSerializer.SerializeToElement(nodes.Decode(entry), nodes.Kind.TypeInfo),
        "apps" => JsonSerializer.SerializeToElement(apps.Decode(entry), apps.Kind.TypeInfo),
        "releases" => JsonSerializer.SerializeToElement(releases.Decode(entry), releases.Kind.TypeInfo),
        "instances" => JsonSerializer.SerializeToElement(instances.Decode(entry), instances.Kind.TypeInfo),
        "events" => JsonSerializer.SerializeToElement(events.Decode(entry), events.Kind.TypeInfo),
        "domains" => JsonSerializer.SerializeToElement(domains.Decode(entry), domains.Kind.TypeInfo),
        "edges" => JsonSerializer.SerializeToElement(edges.Decode(entry), edges.Kind.TypeInfo),
        "accesskeys" => JsonSerializer.SerializeToElement(accessKeys.Decode(entry), accessKeys.Kind.TypeInfo),
        "storagenodes" => JsonSerializer.SerializeToElement(storageNodes.Decode(entry), storageNodes.Kind.TypeInfo),
        "alerts" => JsonSerializer.SerializeToElement(alerts.Decode(entry), alerts.Kind.TypeInfo),
        _ => null,
    };
}
