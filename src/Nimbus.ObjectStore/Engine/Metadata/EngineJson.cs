using System.Text.Json.Serialization;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// The JSON the metadata database keeps (object attributes, bucket settings, part sizes). Part of the persisted
/// format: <c>SchemaGoldenTests</c> freezes it, so a rename here needs a schema version bump.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ObjectAttributes))]
[JsonSerializable(typeof(BucketSettings))]
[JsonSerializable(typeof(long[]))]
internal sealed partial class EngineJson : JsonSerializerContext;
