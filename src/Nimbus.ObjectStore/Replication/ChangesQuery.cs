using System.Globalization;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// A follower's request for metadata changes (<c>GET /v1/meta/changes?after=&amp;log=&amp;node=&amp;wait=</c>): it has
/// applied log <see cref="Log"/> up to <see cref="After"/> durably (which is also its acknowledgement), it is node
/// <see cref="Node"/>, and it will wait up to <see cref="WaitMs"/> for something new.
/// </summary>
internal readonly record struct ChangesQuery(long After, long Log, string Node, int WaitMs)
{
    public const string Path = "/v1/meta/changes";
    public const int MaxWaitMs = 60_000;

    public string ToQueryString() => string.Create(CultureInfo.InvariantCulture, $"v1/meta/changes?after={After}&log={Log}&node={Node}&wait={WaitMs}");

    /// <summary>The query, or an error that says which parameter is wrong.</summary>
    public static ChangesQuery? Parse(Microsoft.AspNetCore.Http.IQueryCollection query, out string? error)
    {
        error = null;
        if (!long.TryParse(query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var after)
            || !long.TryParse(query["log"], NumberStyles.None, CultureInfo.InvariantCulture, out var log))
        {
            error = "after and log must be non-negative integers (the seq applied and the log it belongs to; 0 and 0 for a first copy)";
            return null;
        }
        var node = query["node"].ToString();
        if (!NodeIdentity.IsValidId(node))
        {
            error = "node must be the follower's storage node id (sn- and 12 hex digits)";
            return null;
        }
        var wait = 0;
        if (query.ContainsKey("wait") && (!int.TryParse(query["wait"], NumberStyles.None, CultureInfo.InvariantCulture, out wait) || wait > MaxWaitMs))
        {
            error = $"wait must be 0 to {MaxWaitMs} milliseconds";
            return null;
        }
        return new ChangesQuery(after, log, node, wait);
    }
}
