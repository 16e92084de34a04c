using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Metadata;

namespace Nimbus.ObjectStore.Tests.Engine;

/// <summary>The metadata database is a persisted format: a change to any of this must come with a new schema version and a migration.</summary>
public sealed class SchemaGoldenTests
{
    [Fact]
    public void SchemaVersion_IsTwo() => Assert.Equal(2, MetadataDatabase.SchemaVersion);

    [Fact]
    public async Task Schema_IsFrozen()
    {
        await using var t = await TestEngine.StartAsync();
        // With the change log kept (its triggers are part of the format too).
        await t.Engine.EnableChangeLogAsync(default);
        using var connection = new SqliteConnection($"Data Source={MetadataDatabase.PathIn(t.Directory)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name";
        var lines = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lines.Add(reader.GetString(0).ReplaceLineEndings(" "));
            }
        }
        command.CommandText = "SELECT value FROM meta WHERE name = 'schema'";
        Assert.Equal(2L, command.ExecuteScalar());

        Assert.Equal(Golden, string.Join("\n", lines));
    }

    [Fact]
    public void AttributesJson_IsFrozen()
    {
        var attributes = new ObjectAttributes
        {
            ContentType = "text/plain",
            ContentEncoding = "gzip",
            ContentDisposition = "inline",
            ContentLanguage = "en",
            CacheControl = "max-age=60",
            Expires = "Wed, 21 Oct 2015 07:28:00 GMT",
            UserMetadata = [new("color", "blue")],
            Tags = [new("team", "storage")],
        };
        const string Json = """{"contentType":"text/plain","contentEncoding":"gzip","contentDisposition":"inline","contentLanguage":"en","cacheControl":"max-age=60","expires":"Wed, 21 Oct 2015 07:28:00 GMT","userMetadata":[{"key":"color","value":"blue"}],"tags":[{"key":"team","value":"storage"}]}""";

        Assert.Equal(Json, StoredJson.Attributes(attributes));
        var back = StoredJson.Attributes(Json);
        Assert.Equal("Wed, 21 Oct 2015 07:28:00 GMT", back.Expires);
        Assert.Equal([new("team", "storage")], back.Tags);
        Assert.Null(StoredJson.Attributes(ObjectAttributes.Empty));
        Assert.Same(ObjectAttributes.Empty, StoredJson.Attributes((string?)null));
    }

    [Fact]
    public void BucketSettingsJson_IsFrozen()
    {
        var settings = new BucketSettings
        {
            Versioning = VersioningState.Suspended,
            Cors = [new CorsRule("r1", ["https://a.example"], ["GET"], ["*"], ["ETag"], 600)],
            DefaultEncryption = true,
            Replicas = 3,
        };
        const string Json = """{"versioning":"Suspended","cors":[{"id":"r1","allowedOrigins":["https://a.example"],"allowedMethods":["GET"],"allowedHeaders":["*"],"exposeHeaders":["ETag"],"maxAgeSeconds":600}],"defaultEncryption":true,"replicas":3}""";

        Assert.Equal(Json, StoredJson.Settings(settings));
        var back = StoredJson.Settings(Json);
        Assert.Equal(VersioningState.Suspended, back.Versioning);
        Assert.Equal(600, back.Cors![0].MaxAgeSeconds);
        Assert.Equal(1, StoredJson.Settings("""{"versioning":"Enabled"}""").Replicas);
        Assert.Equal("[5242880,7]", StoredJson.PartSizes([5242880L, 7L]));
    }

    [Fact]
    public void UploadChecksumColumn_IsFrozen()
    {
        // uploads.checksum_alg: the algorithm in the low byte, 0x100 for a FULL_OBJECT upload (rows written before
        // full-object checksums existed have no such bit and read as composite).
        Assert.Equal(0, StoredUpload.EncodeChecksum(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.None, Nimbus.ObjectStore.Checksums.ChecksumType.Composite));
        Assert.Equal(2, StoredUpload.EncodeChecksum(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc32C, Nimbus.ObjectStore.Checksums.ChecksumType.Composite));
        Assert.Equal(0x101, StoredUpload.EncodeChecksum(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc32, Nimbus.ObjectStore.Checksums.ChecksumType.FullObject));
        Assert.Equal(0x103, StoredUpload.EncodeChecksum(Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc64Nvme, Nimbus.ObjectStore.Checksums.ChecksumType.FullObject));
        Assert.Equal((Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Sha256, Nimbus.ObjectStore.Checksums.ChecksumType.Composite), StoredUpload.DecodeChecksum(5));
        Assert.Equal((Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.Crc32C, Nimbus.ObjectStore.Checksums.ChecksumType.FullObject), StoredUpload.DecodeChecksum(0x102));
    }

    [Fact]
    public async Task Open_SchemaOneDatabase_IsMigratedToAnEmptyChangeLog()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("k1", "v1");
        await t.PutAsync("k2", "v2");
        await t.Engine.DisposeAsync();
        // Back to what v1 wrote: no change log, no log id.
        using (var connection = new SqliteConnection($"Data Source={MetadataDatabase.PathIn(t.Directory)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = string.Concat(ChangeLog.Tables.SelectMany(table => new[] { "insert", "update", "rekey", "delete" }
                .Select(kind => $"DROP TRIGGER IF EXISTS {table.Name}_logged_{kind};")))
                + "DROP TABLE changes; DELETE FROM sqlite_sequence; DELETE FROM meta WHERE name <> 'schema'; UPDATE meta SET value = 1 WHERE name = 'schema';";
            command.ExecuteNonQuery();
        }

        await t.ReopenAsync();
        using var lease = t.Engine.RentReader();
        var position = ChangeFeedWriter.Position(lease.Reader.Commands);
        Assert.NotEqual(0, position.Log);
        Assert.Equal(0, position.Seq); // the rows already there reach a copy by a full copy
        Assert.Equal(t.Engine.Changes.Seq, position.Seq);
        using var schema = lease.Reader.Commands.Connection.CreateCommand();
        schema.CommandText = "SELECT value FROM meta WHERE name = 'schema'";
        Assert.Equal(2L, schema.ExecuteScalar());
        Assert.Equal("v2", t.Read((await t.GetAsync("k2")).Version!));
    }

    [Fact]
    public async Task Open_DatabaseOfAnotherSchemaVersion_IsRefused()
    {
        await using var t = await TestEngine.StartAsync();
        await t.Engine.DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={MetadataDatabase.PathIn(t.Directory)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = 3 WHERE name = 'schema'";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => ObjectEngine.Open(new ObjectEngineOptions { DataDirectory = t.Directory }, new FakeDataStore()));
        Assert.Contains("schema version 3", error.Message);
    }

    private const string Golden = """
        index sqlite_autoindex_buckets_1: 
        index sqlite_autoindex_meta_1: 
        index sqlite_autoindex_parts_1: 
        index sqlite_autoindex_uploads_1: 
        index uploads_by_key: CREATE INDEX uploads_by_key ON uploads(bucket, key, id)
        index versions_by_key: CREATE UNIQUE INDEX versions_by_key ON versions(bucket, key, id DESC)
        index versions_by_version_id: CREATE UNIQUE INDEX versions_by_version_id ON versions(bucket, key, version_id)
        index versions_current: CREATE INDEX versions_current ON versions(bucket, key) WHERE latest = 1 AND marker = 0
        table buckets: CREATE TABLE buckets(     id INTEGER PRIMARY KEY,     name TEXT NOT NULL UNIQUE,     owner TEXT NOT NULL,     created_ms INTEGER NOT NULL,     versioning INTEGER NOT NULL,     settings TEXT NOT NULL) STRICT
        table changes: CREATE TABLE changes(     seq INTEGER PRIMARY KEY AUTOINCREMENT,     tbl INTEGER NOT NULL,     k1 INTEGER NOT NULL,     k2 INTEGER NOT NULL) STRICT
        table meta: CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT
        table parts: CREATE TABLE parts(     upload INTEGER NOT NULL,     number INTEGER NOT NULL,     size INTEGER NOT NULL,     md5 BLOB NOT NULL,     modified_ms INTEGER NOT NULL,     checksum BLOB,     layout BLOB NOT NULL,     PRIMARY KEY(upload, number)) STRICT
        table sqlite_sequence: CREATE TABLE sqlite_sequence(name,seq)
        table uploads: CREATE TABLE uploads(     id INTEGER PRIMARY KEY,     upload_id TEXT NOT NULL UNIQUE,     bucket INTEGER NOT NULL,     key TEXT NOT NULL,     initiated_ms INTEGER NOT NULL,     checksum_alg INTEGER NOT NULL,     encryption INTEGER NOT NULL,     customer_key_md5 TEXT,     attributes TEXT) STRICT
        table versions: CREATE TABLE versions(     id INTEGER PRIMARY KEY,     bucket INTEGER NOT NULL,     key TEXT NOT NULL,     version_id TEXT NOT NULL,     latest INTEGER NOT NULL,     marker INTEGER NOT NULL,     size INTEGER NOT NULL,     etag TEXT NOT NULL,     modified_ms INTEGER NOT NULL,     checksum_alg INTEGER NOT NULL,     checksum TEXT,     encryption INTEGER NOT NULL,     customer_key_md5 TEXT,     part_sizes TEXT,     attributes TEXT,     layout BLOB NOT NULL) STRICT
        trigger buckets_logged_delete: CREATE TRIGGER buckets_logged_delete AFTER DELETE ON buckets BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (1, OLD.id, 0); END
        trigger buckets_logged_insert: CREATE TRIGGER buckets_logged_insert AFTER INSERT ON buckets BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (1, NEW.id, 0); END
        trigger buckets_logged_rekey: CREATE TRIGGER buckets_logged_rekey AFTER UPDATE ON buckets WHEN OLD.id <> NEW.id BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (1, OLD.id, 0); END
        trigger buckets_logged_update: CREATE TRIGGER buckets_logged_update AFTER UPDATE ON buckets BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (1, NEW.id, 0); END
        trigger parts_logged_delete: CREATE TRIGGER parts_logged_delete AFTER DELETE ON parts BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (4, OLD.upload, OLD.number); END
        trigger parts_logged_insert: CREATE TRIGGER parts_logged_insert AFTER INSERT ON parts BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (4, NEW.upload, NEW.number); END
        trigger parts_logged_rekey: CREATE TRIGGER parts_logged_rekey AFTER UPDATE ON parts WHEN (OLD.upload <> NEW.upload OR OLD.number <> NEW.number) BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (4, OLD.upload, OLD.number); END
        trigger parts_logged_update: CREATE TRIGGER parts_logged_update AFTER UPDATE ON parts BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (4, NEW.upload, NEW.number); END
        trigger uploads_logged_delete: CREATE TRIGGER uploads_logged_delete AFTER DELETE ON uploads BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (3, OLD.id, 0); END
        trigger uploads_logged_insert: CREATE TRIGGER uploads_logged_insert AFTER INSERT ON uploads BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (3, NEW.id, 0); END
        trigger uploads_logged_rekey: CREATE TRIGGER uploads_logged_rekey AFTER UPDATE ON uploads WHEN OLD.id <> NEW.id BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (3, OLD.id, 0); END
        trigger uploads_logged_update: CREATE TRIGGER uploads_logged_update AFTER UPDATE ON uploads BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (3, NEW.id, 0); END
        trigger versions_logged_delete: CREATE TRIGGER versions_logged_delete AFTER DELETE ON versions BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (2, OLD.id, 0); END
        trigger versions_logged_insert: CREATE TRIGGER versions_logged_insert AFTER INSERT ON versions BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (2, NEW.id, 0); END
        trigger versions_logged_rekey: CREATE TRIGGER versions_logged_rekey AFTER UPDATE ON versions WHEN OLD.id <> NEW.id BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (2, OLD.id, 0); END
        trigger versions_logged_update: CREATE TRIGGER versions_logged_update AFTER UPDATE ON versions BEGIN INSERT INTO changes(tbl, k1, k2) VALUES (2, NEW.id, 0); END
        """;
}
