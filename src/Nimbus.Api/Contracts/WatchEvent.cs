using System.Text.Json;

namespace Nimbus.Api.Resources;

/// <summary>One change in the watch stream (newline-delimited JSON on GET /v1/watch).</summary>
public sealed class WatchEvent
{
    /// <summary>"put", "delete", or "bookmark" (no change; carries the current revision).</summary>
    public string Type { get; set; } = "";
    /// <summary>Plural resource kind, e.g. "instances".</summary>
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public long Revision { get; set; }
    /// <summary>The resource after the change (the last state for a delete).</summary>
    public JsonElement? Object { get; set; }
}
