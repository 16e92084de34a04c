using System.Text.Json;
using System.Text.Json.Serialization;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Replication;

/// <summary>JSON of the peer API's answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScrubReport))]
internal sealed partial class PeerJson : JsonSerializerContext
{
}
