using System.Text.Json.Serialization.Metadata;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Resources;

/// <summary>How one kind of resource is named, keyed and serialised. Keys are "/PLURAL/PROJECT/NAME".</summary>
public sealed class ResourceKind<T>(string plural, JsonTypeInfo<T> typeInfo, JsonTypeInfo<ResourceList<T>> listTypeInfo)
    where T : class, IResource
{
    public string Plural { get; } = plural;
    public JsonTypeInfo<T> TypeInfo { get; } = typeInfo;
    public JsonTypeInfo<ResourceList<T>> ListTypeInfo { get; } = listTypeInfo;

    public string Key(string project, string name) => $"/{Plural}/{project}/{name}";

    public string Prefix(string? project) => project is null ? $"/{Plural}/" : $"/{Plural}/{project}/";
}
