namespace Nimbus.ControlPlane.State;

internal sealed partial class SqliteStateStore
{
    public async ValueTask<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), "a lease needs a positive time to live");
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = Random.Shared.NextInt64(1, long.MaxValue);
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO leases(id, ttl_ms, expires_ms) VALUES($id, $ttl, $exp)";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$ttl", (long)ttl.TotalMilliseconds);
            command.Parameters.AddWithValue("$exp", NowMs() + (long)ttl.TotalMilliseconds);
            command.ExecuteNonQuery();
            return id;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE leases SET expires_ms = $now + ttl_ms WHERE id = $id AND expires_ms > $now";
            command.Parameters.AddWithValue("$id", leaseId);
            command.Parameters.AddWithValue("$now", NowMs());
            return command.ExecuteNonQuery() == 1;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken)
    {
        var keys = await KeysOfLeaseAsync(leaseId, cancellationToken).ConfigureAwait(false);
        if (keys.Count > 0)
        {
            await TxnAsync(keys.ConvertAll(k => StoreOp.Delete(k)), cancellationToken).ConfigureAwait(false);
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM leases WHERE id = $id";
            command.Parameters.AddWithValue("$id", leaseId);
            command.ExecuteNonQuery();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<int> ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        var expired = new List<long>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id FROM leases WHERE expires_ms <= $now";
            command.Parameters.AddWithValue("$now", NowMs());
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                expired.Add(reader.GetInt64(0));
            }
        }
        finally
        {
            _gate.Release();
        }
        foreach (var id in expired)
        {
            await RevokeLeaseAsync(id, cancellationToken).ConfigureAwait(false);
        }
        return expired.Count;
    }

    private async ValueTask<List<string>> KeysOfLeaseAsync(long leaseId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT key FROM kv WHERE lease = $id";
            command.Parameters.AddWithValue("$id", leaseId);
            var keys = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
