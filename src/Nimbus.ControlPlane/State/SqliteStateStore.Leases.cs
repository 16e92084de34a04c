namespace Nimbus.ControlPlane.State;

internal sealed partial class SqliteStateStore
{
    public ValueTask<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), "a lease needs a positive time to live");
        }
        return LockedAsync(() =>
        {
            var id = Random.Shared.NextInt64(1, long.MaxValue);
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO leases(id, ttl_ms, expires_ms) VALUES($id, $ttl, $exp)";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$ttl", (long)ttl.TotalMilliseconds);
            command.Parameters.AddWithValue("$exp", NowMs() + (long)ttl.TotalMilliseconds);
            command.ExecuteNonQuery();
            return id;
        }, cancellationToken);
    }

    public ValueTask<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken) => LockedAsync(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE leases SET expires_ms = $now + ttl_ms WHERE id = $id AND expires_ms > $now";
        command.Parameters.AddWithValue("$id", leaseId);
        command.Parameters.AddWithValue("$now", NowMs());
        return command.ExecuteNonQuery() == 1;
    }, cancellationToken);

    public async ValueTask RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken)
    {
        var keys = await LockedAsync(() => Strings("SELECT key FROM kv WHERE lease = $id", leaseId), cancellationToken).ConfigureAwait(false);
        if (keys.Count > 0)
        {
            await TxnAsync(keys.ConvertAll(k => StoreOp.Delete(k)), cancellationToken).ConfigureAwait(false);
        }
        await LockedAsync(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM leases WHERE id = $id";
            command.Parameters.AddWithValue("$id", leaseId);
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        var expired = await LockedAsync(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id FROM leases WHERE expires_ms <= $now";
            command.Parameters.AddWithValue("$now", NowMs());
            var ids = new List<long>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
            return ids;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var id in expired)
        {
            await RevokeLeaseAsync(id, cancellationToken).ConfigureAwait(false);
        }
        return expired.Count;
    }

    private List<string> Strings(string sql, long id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        var values = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
