using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// The metadata's change log (schema v2), what other storage nodes copy the metadata from. Triggers append one entry
/// <c>(seq, table, primary key)</c> to <c>changes</c> for every insert, update or delete of a row of the logged
/// tables, in the same transaction; <c>seq</c> only grows (AUTOINCREMENT: never reused, even after a trim that empties
/// the table). So the entries after N name exactly the rows that changed since a copy taken at N, and a copy that
/// reads them in one snapshot and writes each row's current state (or deletes the ones gone) equals the source at that
/// snapshot. The triggers exist only once a follower has asked for the log (<see cref="TriggersSql"/>, made by
/// <see cref="EnableChangeLogOperation"/>; a node on its own pays nothing): rows older than that reach a copy by a full
/// copy. Appending is one page per batch; entries every copy has are trimmed (<c>meta.trimmed</c>: a copy behind
/// it starts over from the tables themselves). <c>meta.log</c> names this log (random, made once): seqs of two logs are
/// not comparable.
/// </summary>
internal static class ChangeLog
{
    /// <summary>The logged tables, in the order a full copy is cleared in (children first) — codes are on the wire.</summary>
    public static readonly IReadOnlyList<LoggedTable> Tables =
    [
        new(4, "parts", "upload", "number"),
        new(3, "uploads", "id", null),
        new(2, "versions", "id", null),
        new(1, "buckets", "id", null),
    ];

    public static LoggedTable? Table(int code) => code is >= 1 and <= 4 ? Tables[4 - code] : null;

    public const string CurrentSeqSql = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)";

    public static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS changes(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            tbl INTEGER NOT NULL,
            k1 INTEGER NOT NULL,
            k2 INTEGER NOT NULL) STRICT;
        """;

    /// <summary>The triggers that keep the log (four per table), made when the first follower asks.</summary>
    public static readonly string TriggersSql = string.Concat(Tables.Select(Triggers));

    /// <summary>Drops the triggers (a follower's copy keeps no log of its own).</summary>
    public static readonly string DropTriggersSql = string.Concat(Tables.SelectMany(t =>
        new[] { "insert", "update", "rekey", "delete" }.Select(kind => $"DROP TRIGGER IF EXISTS {t.Name}_logged_{kind};")));

    /// <summary>True when the triggers are in place (the log is kept).</summary>
    public static bool IsKept(CommandCache commands) =>
        (long)commands.Get("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_logged\\_%' ESCAPE '\\'").ExecuteScalar()! == Tables.Count * 4;

    /// <summary>A new log: its id, nothing trimmed (rows older than the log are sent by a full copy).</summary>
    public static void Start(SqliteConnection connection)
    {
        var id = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
        MetadataDatabase.Execute(connection, $"INSERT OR REPLACE INTO meta(name, value) VALUES ('log', {Math.Max(1, id)}), ('trimmed', 0)");
    }

    /// <summary>Deletes the entries at or below <paramref name="cut"/> and records the cut: a copy that has applied
    /// less than it must start over. Returns how many went.</summary>
    public static int Trim(CommandCache commands, long cut)
    {
        var deleted = commands.Get("DELETE FROM changes WHERE seq <= $cut").Bind("$cut", cut).ExecuteNonQuery();
        commands.Get("UPDATE meta SET value = max(value, $cut) WHERE name = 'trimmed'").Bind("$cut", cut).ExecuteNonQuery();
        return deleted;
    }

    private static string Triggers(LoggedTable t)
    {
        string Log(string row) => $"INSERT INTO changes(tbl, k1, k2) VALUES ({t.Code}, {row}.{t.Key1}, {(t.Key2 is null ? "0" : $"{row}.{t.Key2}")});";
        var keyMoved = t.Key2 is null ? $"OLD.{t.Key1} <> NEW.{t.Key1}" : $"(OLD.{t.Key1} <> NEW.{t.Key1} OR OLD.{t.Key2} <> NEW.{t.Key2})";
        return $"""
            CREATE TRIGGER IF NOT EXISTS {t.Name}_logged_insert AFTER INSERT ON {t.Name} BEGIN {Log("NEW")} END;
            CREATE TRIGGER IF NOT EXISTS {t.Name}_logged_update AFTER UPDATE ON {t.Name} BEGIN {Log("NEW")} END;
            CREATE TRIGGER IF NOT EXISTS {t.Name}_logged_rekey AFTER UPDATE ON {t.Name} WHEN {keyMoved} BEGIN {Log("OLD")} END;
            CREATE TRIGGER IF NOT EXISTS {t.Name}_logged_delete AFTER DELETE ON {t.Name} BEGIN {Log("OLD")} END;

            """;
    }
}

/// <summary>A table whose changes are logged: its wire code, name and primary key (one or two integer columns).</summary>
internal sealed record LoggedTable(byte Code, string Name, string Key1, string? Key2)
{
    public string KeyFilter => Key2 is null ? $"{Key1} = $k1" : $"{Key1} = $k1 AND {Key2} = $k2";
}
