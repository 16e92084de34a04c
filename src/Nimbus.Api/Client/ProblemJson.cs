using System.Text.Json;
using System.Text.Json.Serialization;
using Nimbus.Api.Contracts;

namespace Nimbus.Api.Client;

/// <summary>Problem documents carry extension members (traceId, …), so they are read leniently.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProblemDocument))]
internal sealed partial class ProblemJson : JsonSerializerContext
{
}
