using System.Text.Json;
using Nimbus.Api;
using Nimbus.Api.Resources;

namespace Nimbus.Edge.Routing;

/// <summary>The edge's copy of what it routes by: apps, their releases, instances, live edges and custom domains,
/// kept current from the watch stream. Owned by the follower's single loop (not thread-safe); snapshots are built from it.</summary>
internal sealed class ClusterView
{
    public Dictionary<string, App> Apps { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Release> Releases { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Instance> Instances { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, EdgeNode> Edges { get; } = new(StringComparer.Ordinal);
    /// <summary>Custom domain (lower case) → app.</summary>
    public Dictionary<string, string> Domains { get; } = new(StringComparer.OrdinalIgnoreCase);

    public long Revision { get; set; }

    /// <summary>Custom domains changed since the last <see cref="TakeChangedDomains"/> (their certificates may have changed).</summary>
    private readonly List<string> _changedDomains = [];

    public void MarkDomainChanged(string host) => _changedDomains.Add(host);

    public List<string> TakeChangedDomains()
    {
        var changed = new List<string>(_changedDomains);
        _changedDomains.Clear();
        return changed;
    }

    /// <summary>Forgets everything (before a fresh list). The custom domains it knew count as changed: a list after a
    /// broken watch may hide a certificate that changed meanwhile.</summary>
    public void Clear()
    {
        _changedDomains.AddRange(Domains.Keys);
        Apps.Clear();
        Releases.Clear();
        Instances.Clear();
        Edges.Clear();
        Domains.Clear();
    }

    /// <summary>Applies one change from the watch stream. Returns false for kinds the edge does not route by.</summary>
    public bool Apply(WatchEvent change)
    {
        if (change.Revision > Revision)
        {
            Revision = change.Revision;
        }
        var deleted = change.Type == "delete";
        var json = change.Object.GetValueOrDefault();
        if (change.Object is null && !deleted)
        {
            return false;
        }
        switch (change.Kind)
        {
            case "apps":
                Set(Apps, change.Name, deleted ? null : json.Deserialize(NimbusJson.Default.App));
                return true;
            case "releases":
                Set(Releases, change.Name, deleted ? null : json.Deserialize(NimbusJson.Default.Release));
                return true;
            case "instances":
                Set(Instances, change.Name, deleted ? null : json.Deserialize(NimbusJson.Default.Instance));
                return true;
            case "edges":
                Set(Edges, change.Name, deleted ? null : json.Deserialize(NimbusJson.Default.EdgeNode));
                return true;
            case "domains":
                Set(Domains, change.Name, deleted ? null : DomainApp(json));
                _changedDomains.Add(change.Name);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A domain's app, read straight from its JSON: the edge needs nothing else of it.</summary>
    public static string? DomainApp(JsonElement domain) =>
        domain.TryGetProperty("spec", out var spec) && spec.TryGetProperty("app", out var app) ? app.GetString() : null;

    private static void Set<T>(Dictionary<string, T> map, string name, T? value)
        where T : class
    {
        if (value is null)
        {
            map.Remove(name);
        }
        else
        {
            map[name] = value;
        }
    }
}
