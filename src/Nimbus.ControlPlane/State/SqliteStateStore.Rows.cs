using Microsoft.Data.Sqlite;

namespace Nimbus.ControlPlane.State;

internal sealed partial class SqliteStateStore
{
    private KeyValue? ReadKey(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT key, value, create_rev, mod_rev, lease FROM kv WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRow(reader) : null;
    }

    private static KeyValue ReadRow(SqliteDataReader reader) =>
        new(reader.GetString(0), (byte[])reader.GetValue(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));

    private void WriteKey(SqliteTransaction transaction, KeyValue entry)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO kv(key, value, create_rev, mod_rev, lease) VALUES($k, $v, $c, $m, $l)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, mod_rev = excluded.mod_rev, lease = excluded.lease
            """;
        command.Parameters.AddWithValue("$k", entry.Key);
        command.Parameters.AddWithValue("$v", entry.Value.ToArray());
        command.Parameters.AddWithValue("$c", entry.CreateRevision);
        command.Parameters.AddWithValue("$m", entry.ModRevision);
        command.Parameters.AddWithValue("$l", entry.Lease);
        command.ExecuteNonQuery();
    }

    private void DeleteKey(SqliteTransaction transaction, string key)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM kv WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        command.ExecuteNonQuery();
    }

    private void AppendChange(SqliteTransaction transaction, StoreEvent e)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        // The operations of one transaction share a revision, so the log is ordered by its own sequence.
        command.CommandText = "INSERT INTO changes(rev, type, key, value, create_rev, lease) VALUES($r, $t, $k, $v, $c, $l)";
        command.Parameters.AddWithValue("$r", e.Revision);
        command.Parameters.AddWithValue("$t", (int)e.Type);
        command.Parameters.AddWithValue("$k", e.Entry.Key);
        command.Parameters.AddWithValue("$v", e.Entry.Value.ToArray());
        command.Parameters.AddWithValue("$c", e.Entry.CreateRevision);
        command.Parameters.AddWithValue("$l", e.Entry.Lease);
        command.ExecuteNonQuery();
    }

    private List<StoreEvent> ReadChanges(string prefix, long afterRevision)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT rev, type, key, value, create_rev, lease FROM changes WHERE rev > $after ORDER BY seq";
        command.Parameters.AddWithValue("$after", afterRevision);
        var events = new List<StoreEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = reader.GetString(2);
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var revision = reader.GetInt64(0);
            var entry = new KeyValue(key, (byte[])reader.GetValue(3), reader.GetInt64(4), revision, reader.GetInt64(5));
            events.Add(new StoreEvent((StoreEventType)reader.GetInt32(1), entry, revision));
        }
        return events;
    }

    private long? ReadMeta(string name)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() is long value ? value : null;
    }

    private void WriteMeta(string name, long value, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta(name, value) VALUES($n, $v) ON CONFLICT(name) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
