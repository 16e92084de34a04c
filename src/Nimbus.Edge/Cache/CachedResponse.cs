namespace Nimbus.Edge.Cache;

/// <summary>
/// A response held by <see cref="HttpResponseCache"/>. Immutable: a refresh after a 304 makes a new instance that
/// shares the body, so a hit that is still streaming never sees headers or bytes change under it.
/// </summary>
public sealed class CachedResponse
{
    /// <summary>Fixed bookkeeping per entry (objects, list node, dictionary slot) counted against the budget.</summary>
    private const long Overhead = 512;

    internal CachedResponse(StoredHead head, CachedBody body)
    {
        Head = head;
        Body = body;
        Size = body.Capacity + head.EstimatedBytes + Overhead;
    }

    /// <summary>The stored status code.</summary>
    public int StatusCode => Head.StatusCode;

    /// <summary>Length of the stored body in bytes.</summary>
    public long ContentLength => Body.Length;

    /// <summary>The stored <c>ETag</c>, if any.</summary>
    public string? ETag => Head.ETag;

    /// <summary>The stored <c>Last-Modified</c> as sent, if any.</summary>
    public string? LastModified => Head.LastModified;

    internal StoredHead Head { get; }

    internal CachedBody Body { get; }

    /// <summary>Bytes counted against <see cref="HttpCacheOptions.MaxBytes"/>.</summary>
    internal long Size { get; }
}
