using System.Text.Json.Serialization;

namespace Nimbus.Api.Contracts;

/// <summary>&lt;data&gt;/endpoints.json: where each service of a running Nimbus listens.</summary>
public sealed class Endpoints
{
    public string Api { get; set; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Http { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Https { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Dns { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? S3 { get; set; }
    public int Pid { get; set; }
}
