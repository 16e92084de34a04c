using Microsoft.Data.Sqlite;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// The node's metadata database (<c>meta.db</c>): WAL so readers never block the writer, synchronous=FULL so a
/// committed batch survives power loss. Keys are TEXT with BINARY collation, which orders them as S3 does (UTF-8 bytes).
/// </summary>
internal static class MetadataDatabase
{
    /// <summary>Frozen by <c>SchemaGoldenTests</c>: change the schema only with a new version and a migration.</summary>
    internal const int SchemaVersion = 2;

    internal const string FileName = "meta.db";

    // versions.id orders the versions of a key (newest = largest; SQLite gives a new row max(id)+1, so it stays
    // larger than every row still present). latest duplicates "largest id of its key" so that the partial index
    // versions_current holds exactly the objects ListObjects returns.
    internal static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
        CREATE TABLE IF NOT EXISTS buckets(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            owner TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            versioning INTEGER NOT NULL,
            settings TEXT NOT NULL) STRICT;
        CREATE TABLE IF NOT EXISTS versions(
            id INTEGER PRIMARY KEY,
            bucket INTEGER NOT NULL,
            key TEXT NOT NULL,
            version_id TEXT NOT NULL,
            latest INTEGER NOT NULL,
            marker INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            modified_ms INTEGER NOT NULL,
            checksum_alg INTEGER NOT NULL,
            checksum TEXT,
            encryption INTEGER NOT NULL,
            customer_key_md5 TEXT,
            part_sizes TEXT,
            attributes TEXT,
            layout BLOB NOT NULL) STRICT;
        CREATE UNIQUE INDEX IF NOT EXISTS versions_by_key ON versions(bucket, key, id DESC);
        CREATE UNIQUE INDEX IF NOT EXISTS versions_by_version_id ON versions(bucket, key, version_id);
        CREATE INDEX IF NOT EXISTS versions_current ON versions(bucket, key) WHERE latest = 1 AND marker = 0;
        CREATE TABLE IF NOT EXISTS uploads(
            id INTEGER PRIMARY KEY,
            upload_id TEXT NOT NULL UNIQUE,
            bucket INTEGER NOT NULL,
            key TEXT NOT NULL,
            initiated_ms INTEGER NOT NULL,
            checksum_alg INTEGER NOT NULL,
            encryption INTEGER NOT NULL,
            customer_key_md5 TEXT,
            attributes TEXT) STRICT;
        CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads(bucket, key, id);
        CREATE TABLE IF NOT EXISTS parts(
            upload INTEGER NOT NULL,
            number INTEGER NOT NULL,
            size INTEGER NOT NULL,
            md5 BLOB NOT NULL,
            modified_ms INTEGER NOT NULL,
            checksum BLOB,
            layout BLOB NOT NULL,
            PRIMARY KEY(upload, number)) STRICT;
        """ + ChangeLog.Schema;

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>Opens the one writer connection, creating the schema on first use and refusing a database of another version.</summary>
    public static SqliteConnection OpenWriter(string directory)
    {
        Directory.CreateDirectory(directory);
        var connection = Open(PathIn(directory), SqliteOpenMode.ReadWriteCreate);
        try
        {
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Execute(connection, "BEGIN IMMEDIATE;" + Schema);
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT value FROM meta WHERE name = 'schema'";
                var version = read.ExecuteScalar();
                if (version is null)
                {
                    Execute(connection, $"INSERT INTO meta(name, value) VALUES ('schema', {SchemaVersion})");
                    ChangeLog.Start(connection);
                }
                else if ((long)version == 1)
                {
                    // v1 -> v2: the change log (v1's tables are unchanged); the rows already there reach a copy by a full copy.
                    ChangeLog.Start(connection);
                    Execute(connection, $"UPDATE meta SET value = {SchemaVersion} WHERE name = 'schema'");
                }
                else if ((long)version != SchemaVersion)
                {
                    Execute(connection, "ROLLBACK");
                    throw new InvalidOperationException(
                        $"object metadata in {directory} is schema version {version}; this Nimbus reads version {SchemaVersion}. Use a matching Nimbus or another data directory.");
                }
            }
            Execute(connection, "COMMIT");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A reader connection: query_only, so a bug can never write outside the writer's batches.</summary>
    public static SqliteConnection OpenReader(string directory)
    {
        var connection = Open(PathIn(directory), SqliteOpenMode.ReadWrite);
        Execute(connection, "PRAGMA query_only=1;");
        return connection;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            // The engine keeps its own connections (each with its prepared statements); no pool under them.
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
