using System.Text.Json;
using System.Text.Json.Serialization;
using Nimbus.Api.Resources;

namespace Nimbus.Api;

/// <summary>Source-generated JSON for every contract on the wire. Unknown fields are rejected so a typo
/// in a request is a 400 naming the field, not a silently ignored setting.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = false)]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(App))]
[JsonSerializable(typeof(Release))]
[JsonSerializable(typeof(Instance))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(EdgeNode))]
[JsonSerializable(typeof(ResourceList<EdgeNode>))]
[JsonSerializable(typeof(StorageNode))]
[JsonSerializable(typeof(ResourceList<StorageNode>))]
[JsonSerializable(typeof(Contracts.AppTraffic))]
[JsonSerializable(typeof(Contracts.MetricSeries))]
[JsonSerializable(typeof(Contracts.CachePurgeResult))]
[JsonSerializable(typeof(Contracts.TraceList))]
[JsonSerializable(typeof(Contracts.TraceView))]
[JsonSerializable(typeof(Contracts.TraceIngestResult))]
[JsonSerializable(typeof(Domain))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(ResourceList<Alert>))]
[JsonSerializable(typeof(List<Alert>))]
[JsonSerializable(typeof(Contracts.CreateAlertRequest))]
[JsonSerializable(typeof(ResourceList<Node>))]
[JsonSerializable(typeof(ResourceList<App>))]
[JsonSerializable(typeof(ResourceList<Release>))]
[JsonSerializable(typeof(ResourceList<Instance>))]
[JsonSerializable(typeof(ResourceList<Event>))]
[JsonSerializable(typeof(ResourceList<Domain>))]
[JsonSerializable(typeof(List<Domain>))]
[JsonSerializable(typeof(AccessKey))]
[JsonSerializable(typeof(ResourceList<AccessKey>))]
[JsonSerializable(typeof(Contracts.AccessKeyInfo))]
[JsonSerializable(typeof(ResourceList<Contracts.AccessKeyInfo>))]
[JsonSerializable(typeof(List<Contracts.AccessKeyInfo>))]
[JsonSerializable(typeof(Contracts.CreateAccessKeyRequest))]
[JsonSerializable(typeof(Contracts.ClusterInfo))]
[JsonSerializable(typeof(Contracts.IssueCertificateRequest))]
[JsonSerializable(typeof(Contracts.IssuedCertificate))]
[JsonSerializable(typeof(Contracts.PutDomainRequest))]
[JsonSerializable(typeof(WatchEvent))]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(InstanceStatus))]
[JsonSerializable(typeof(Contracts.CreateReleaseRequest))]
[JsonSerializable(typeof(Contracts.RollbackRequest))]
[JsonSerializable(typeof(Contracts.BundleInfo))]
[JsonSerializable(typeof(Contracts.LogLine))]
[JsonSerializable(typeof(List<Contracts.LogLine>))]
[JsonSerializable(typeof(Contracts.Endpoints))]
[JsonSerializable(typeof(Contracts.InstanceView))]
[JsonSerializable(typeof(List<Contracts.InstanceView>))]
[JsonSerializable(typeof(List<App>))]
[JsonSerializable(typeof(List<Node>))]
[JsonSerializable(typeof(List<Event>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class NimbusJson : JsonSerializerContext
{
}
