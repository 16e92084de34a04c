using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// The metadata's change log (schema v2), what other storage nodes copy the metadata from. <c>changes</c> holds one
/// entry per row of the logged tables that exists or was deleted, keyed by (table, primary key) and numbered by
/// <c>seq</c>, which only grows (AUTOINCREMENT: never reused): every insert, update or delete moves the row's entry to
/// a new, larger seq, in the same transaction, by trigger. So "every entry after N" is exactly the rows that changed
/// since a copy taken at N, and a copy that reads them in one snapshot and writes their current state (or deletes
/// the ones gone) equals the source at that snapshot. Entries of deleted rows (tombstones) are trimmed once every
/// copy has them; a copy behind the trim point starts over from every row (<c>meta.trimmed</c>).
/// <c>meta.log</c> names this log (random, made once): seqs of two logs are not comparable.
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
            k2 INTEGER NOT NULL,
            UNIQUE(tbl, k1, k2)) STRICT;

        """ + string.Concat(Tables.Select(Triggers));

    /// <summary>A new log: its id, nothing trimmed.</summary>
    public static void Start(SqliteConnection connection)
    {
        var id = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
        MetadataDatabase.Execute(connection, $"INSERT OR REPLACE INTO meta(name, value) VALUES ('log', {Math.Max(1, id)}), ('trimmed', 0)");
    }

    /// <summary>Gives every existing row an entry (a database made before the log existed).</summary>
    public static void LogEveryRow(SqliteConnection connection)
    {
        foreach (var t in Tables)
        {
            MetadataDatabase.Execute(connection, $"INSERT OR IGNORE INTO changes(tbl, k1, k2) SELECT {t.Code}, {t.Key1}, {t.Key2 ?? "0"} FROM {t.Name}");
        }
    }

    // Each change first drops the row's old entry, then appends a new one: a plain INSERT after the DELETE, because a
    // conflict clause inside a trigger would give way to the one of the statement that fired it.
    private static string Triggers(LoggedTable t)
    {
        string Log(string row) => $"""
                DELETE FROM changes WHERE tbl = {t.Code} AND k1 = {row}.{t.Key1} AND k2 = {Key2(row)};
                INSERT INTO changes(tbl, k1, k2) VALUES ({t.Code}, {row}.{t.Key1}, {Key2(row)});
            """;
        string Key2(string row) => t.Key2 is null ? "0" : $"{row}.{t.Key2}";
        var keyMoved = t.Key2 is null ? $"OLD.{t.Key1} <> NEW.{t.Key1}" : $"(OLD.{t.Key1} <> NEW.{t.Key1} OR OLD.{t.Key2} <> NEW.{t.Key2})";
        return $"""
            CREATE TRIGGER IF NOT EXISTS {t.Name}_logged_insert AFTER INSERT ON {t.Name} BEGIN
            {Log("NEW")}
            END;
            CREATE TRIGGER IF NOT EXISTS {t.Name}_logged_update AFTER UPDATE ON {t.Name} BEGIN
            {Log("NEW")}
            END;
            CREATE TRIGGER IF NOT EXISTS {t.Name}_logged_rekey AFTER UPDATE ON {t.Name} WHEN {keyMoved} BEGIN
            {Log("OLD")}
            END;
            CREATE TRIGGER IF NOT EXISTS {t.Name}_logged_delete AFTER DELETE ON {t.Name} BEGIN
            {Log("OLD")}
            END;

            """;
    }
}

/// <summary>A table whose changes are logged: its wire code, name and primary key (one or two integer columns).</summary>
internal sealed record LoggedTable(byte Code, string Name, string Key1, string? Key2)
{
    public string KeyFilter => Key2 is null ? $"{Key1} = $k1" : $"{Key1} = $k1 AND {Key2} = $k2";
}
