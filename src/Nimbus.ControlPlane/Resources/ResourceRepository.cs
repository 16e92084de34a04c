using System.Text.Json;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Resources;

/// <summary>Typed access to one kind of resource in the state store, with optimistic concurrency:
/// <see cref="ObjectMeta.ResourceVersion"/> is the key's modification revision.</summary>
public sealed class ResourceRepository<T>(IStateStore store, ResourceKind<T> kind, TimeProvider time)
    where T : class, IResource
{
    public ResourceKind<T> Kind { get; } = kind;

    public async ValueTask<T?> GetAsync(string project, string name, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(Kind.Key(project, name), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : Decode(entry);
    }

    public async ValueTask<(List<T> Items, long Revision)> ListAsync(string? project, CancellationToken cancellationToken)
    {
        var range = await store.RangeAsync(Kind.Prefix(project), cancellationToken).ConfigureAwait(false);
        var items = new List<T>(range.Items.Count);
        foreach (var entry in range.Items)
        {
            items.Add(Decode(entry));
        }
        return (items, range.Revision);
    }

    /// <summary>Creates the resource; fills in id and creation time.</summary>
    public async ValueTask<WriteResult<T>> CreateAsync(T item, CancellationToken cancellationToken)
    {
        var result = await store.TxnAsync([CreateOp(item)], cancellationToken).ConfigureAwait(false);
        return Complete(item, result);
    }

    /// <summary>Replaces the resource if its stored version still equals <c>item.Metadata.ResourceVersion</c>
    /// (0 = whatever is stored, as long as it exists).</summary>
    public async ValueTask<WriteResult<T>> UpdateAsync(T item, CancellationToken cancellationToken)
    {
        var result = await store.TxnAsync([UpdateOp(item)], cancellationToken).ConfigureAwait(false);
        return Complete(item, result);
    }

    public async ValueTask<WriteResult<T>> DeleteAsync(string project, string name, long expectedVersion, CancellationToken cancellationToken)
    {
        var key = Kind.Key(project, name);
        if (expectedVersion <= 0 && await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            return new WriteResult<T>(WriteStatus.NotFound, null);
        }
        var result = await store.TxnAsync([StoreOp.Delete(key, expectedVersion <= 0 ? StoreOp.Any : expectedVersion)], cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            TxnStatus.Ok => new WriteResult<T>(WriteStatus.Ok, null),
            TxnStatus.NotFound => new WriteResult<T>(WriteStatus.NotFound, null),
            _ => new WriteResult<T>(WriteStatus.Conflict, null, result.Revision),
        };
    }

    /// <summary>Reads, applies <paramref name="change"/> and writes back, retrying on conflicts.
    /// <paramref name="change"/> returns false to skip the write. Null when the resource does not exist.</summary>
    public async ValueTask<T?> MutateAsync(string project, string name, Func<T, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(project, name, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }
            if (!change(current))
            {
                return current;
            }
            var result = await UpdateAsync(current, cancellationToken).ConfigureAwait(false);
            if (result.Status != WriteStatus.Conflict || attempt >= 20)
            {
                return result.Status == WriteStatus.Ok ? result.Value : null;
            }
        }
    }

    public StoreOp CreateOp(T item)
    {
        var meta = item.Metadata;
        if (meta.Id.Length == 0)
        {
            meta.Id = Ids.New();
        }
        meta.Created = time.GetUtcNow();
        meta.ResourceVersion = 0;
        return StoreOp.Put(Kind.Key(meta.Project, meta.Name), Encode(item), StoreOp.MustNotExist);
    }

    public StoreOp UpdateOp(T item)
    {
        var meta = item.Metadata;
        return StoreOp.Put(Kind.Key(meta.Project, meta.Name), Encode(item), meta.ResourceVersion > 0 ? meta.ResourceVersion : StoreOp.Any);
    }

    /// <summary>Creates or replaces the resource, attached to <paramref name="lease"/>: it is deleted when the lease expires.</summary>
    public async ValueTask<WriteResult<T>> PutWithLeaseAsync(T item, long lease, CancellationToken cancellationToken)
    {
        var meta = item.Metadata;
        if (meta.Id.Length == 0)
        {
            meta.Id = Ids.New();
        }
        if (meta.Created == default)
        {
            meta.Created = time.GetUtcNow();
        }
        var op = StoreOp.Put(Kind.Key(meta.Project, meta.Name), Encode(item), StoreOp.Any, lease);
        var result = await store.TxnAsync([op], cancellationToken).ConfigureAwait(false);
        return Complete(item, result);
    }

    public StoreOp DeleteOp(T item) => StoreOp.Delete(Kind.Key(item.Metadata.Project, item.Metadata.Name), item.Metadata.ResourceVersion);

    public T Decode(KeyValue entry)
    {
        var item = JsonSerializer.Deserialize(entry.Value.Span, Kind.TypeInfo)
            ?? throw new InvalidDataException($"stored {Kind.Plural} value at {entry.Key} is null");
        item.Metadata.ResourceVersion = entry.ModRevision;
        return item;
    }

    private byte[] Encode(T item) => JsonSerializer.SerializeToUtf8Bytes(item, Kind.TypeInfo);

    private static WriteResult<T> Complete(T item, TxnResult result)
    {
        switch (result.Status)
        {
            case TxnStatus.Ok:
                item.Metadata.ResourceVersion = result.Revision;
                return new WriteResult<T>(WriteStatus.Ok, item, result.Revision);
            case TxnStatus.NotFound:
                return new WriteResult<T>(WriteStatus.NotFound, null);
            default:
                return new WriteResult<T>(item.Metadata.ResourceVersion == 0 && result.Revision > 0 ? WriteStatus.AlreadyExists : WriteStatus.Conflict, null, result.Revision);
        }
    }
}
