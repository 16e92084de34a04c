using System.Text;
using Microsoft.Data.Sqlite;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Metadata;

namespace Nimbus.ObjectStore.Tests.Engine.Metadata;

/// <summary>The change log and its feed: a copy that applies the feed equals the source, first whole and then change by
/// change; a feed cut anywhere applies nothing; tombstones every copy has can be trimmed.</summary>
public sealed class ChangeFeedTests : IAsyncDisposable
{
    private readonly string _copyDirectory = Path.Combine(Path.GetTempPath(), "nimbus-copy-" + Guid.NewGuid().ToString("N"));
    private readonly CommandCache _copy;
    private readonly ChangeFeedApplier _applier;

    public ChangeFeedTests()
    {
        _copy = new CommandCache(MetadataDatabase.OpenWriter(_copyDirectory));
        _applier = new ChangeFeedApplier(_copy);
    }

    private static async Task<byte[]> FeedAsync(ObjectEngine engine, long after, bool reset = false)
    {
        using var lease = engine.RentReader();
        using var output = new MemoryStream();
        await ChangeFeedWriter.WriteAsync(lease.Reader.Commands, after, _ => reset, output, default);
        return output.ToArray();
    }

    /// <summary>An engine that keeps the change log (as a metadata node does once a follower asks).</summary>
    private static async Task<TestEngine> LoggedEngineAsync()
    {
        var t = await TestEngine.StartAsync();
        Assert.False(await t.Engine.EnableChangeLogAsync(default));
        Assert.True(await t.Engine.EnableChangeLogAsync(default));
        return t;
    }

    private async Task<FeedResult> ApplyAsync(byte[] feed) => await _applier.ApplyAsync(new MemoryStream(feed), default);

    /// <summary>Every row of every logged table, in key order, as text.</summary>
    private static string Dump(SqliteConnection connection)
    {
        var text = new StringBuilder();
        foreach (var table in ChangeLog.Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table.Name} ORDER BY {table.Key1}{(table.Key2 is null ? "" : ", " + table.Key2)}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.Append(table.Name);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append('|').Append(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : reader.GetValue(i).ToString());
                }
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    private static string DumpOf(TestEngine t)
    {
        using var lease = t.Engine.RentReader();
        return Dump(lease.Reader.Commands.Connection);
    }

    private static async Task MakeHistoryAsync(TestEngine t)
    {
        await t.PutAsync("plain", "hello");
        await t.PutAsync("overwritten", "one");
        await t.PutAsync("overwritten", "two");
        await t.PutAsync("tagged", "x", attributes: new ObjectAttributes { ContentType = "text/plain", UserMetadata = [new("k", "ü-value")] });
        Assert.Equal(EngineStatus.Ok, await t.Engine.SetTagsAsync("b", "tagged", null, [new("team", "storage")], default));
        Assert.Equal(EngineStatus.Ok, await t.Engine.CreateBucketAsync("empty", "owner", default));
        Assert.Equal(EngineStatus.Ok, await t.Engine.CreateBucketAsync("versioned", "owner", default));
        await t.SetVersioningAsync("versioned", VersioningState.Enabled);
        await t.PutAsync("v", "first", bucket: "versioned");
        await t.PutAsync("v", "second", bucket: "versioned");
        await t.DeleteAsync("v", bucket: "versioned");
        var upload = (await t.Engine.CreateUploadAsync("b", "multi", ObjectAttributes.Empty, ChecksumAlgorithm.Crc32, ChecksumType.Composite, EncryptionSpec.None, default)).Upload!;
        Assert.Equal(EngineStatus.Ok, (await t.Engine.CommitPartAsync("b", "multi", upload.UploadId, 1, await t.StageAsync("part one", ChecksumAlgorithm.Crc32), default)).Status);
    }

    [Fact]
    public async Task FullCopy_ThenChangeByChange_CopyEqualsTheSource()
    {
        await using var t = await LoggedEngineAsync();
        await MakeHistoryAsync(t);

        var first = await ApplyAsync(await FeedAsync(t.Engine, 0, reset: true));
        Assert.True(first.Reset);
        Assert.Equal(t.Engine.Changes.Seq, first.Seq);
        Assert.True(first.BucketsChanged);
        Assert.Equal(DumpOf(t), Dump(_copy.Connection));
        Assert.Equal((first.Log, first.Seq), _applier.Position());

        // Deletes, replacements and a completed upload: only what changed is sent, and the copy follows.
        await t.DeleteAsync("plain");
        await t.PutAsync("overwritten", "three");
        Assert.Equal(EngineStatus.Ok, await t.Engine.DeleteBucketAsync("empty", default));
        var upload = Assert.Single((await t.Engine.ListUploadsAsync(new UploadsQuery("b", "", null, null, null, 100), default)).Uploads);
        var parts = (await t.Engine.ListPartsAsync("b", "multi", upload.UploadId, 0, 100, default)).Parts;
        Assert.Equal(EngineStatus.Ok, (await t.Engine.CompleteUploadAsync("b", "multi", upload.UploadId,
            parts.Select(p => new CompletedPart(p.PartNumber, $"\"{p.ETag}\"", p.Checksum)).ToArray(), null, default, default)).Status);

        var second = await ApplyAsync(await FeedAsync(t.Engine, first.Seq));
        Assert.False(second.Reset);
        Assert.InRange(second.Rows, 1, 12);
        Assert.Equal(t.Engine.Changes.Seq, second.Seq);
        Assert.Equal(DumpOf(t), Dump(_copy.Connection));

        // Nothing new: an empty feed that keeps the position.
        var third = await ApplyAsync(await FeedAsync(t.Engine, second.Seq));
        Assert.Equal((0L, second.Seq), (third.Rows, third.Seq));
    }

    [Fact]
    public async Task Feed_CutOffAnywhere_AppliesNothing()
    {
        await using var t = await LoggedEngineAsync();
        await MakeHistoryAsync(t);
        var before = Dump(_copy.Connection);
        var feed = await FeedAsync(t.Engine, 0, reset: true);

        foreach (var length in new[] { 0, 3, 17, 18, 40, feed.Length / 2, feed.Length - 13, feed.Length - 1 })
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => ApplyAsync(feed[..length]));
            Assert.Contains("metadata feed", error.Message);
            Assert.Equal(before, Dump(_copy.Connection));
            Assert.Equal((0L, 0L), _applier.Position());
        }
        Assert.Equal(t.Engine.Changes.Seq, (await ApplyAsync(feed)).Seq);
    }

    [Fact]
    public async Task Feed_OfAnotherSchemaOrWithAnUnknownTable_IsRefusedAndAppliesNothing()
    {
        await using var t = await LoggedEngineAsync();
        await t.PutAsync("k", "v");
        var feed = await FeedAsync(t.Engine, 0, reset: true);

        var otherSchema = feed.ToArray();
        otherSchema[4] = 9;
        Assert.Contains("schema version 9", (await Assert.ThrowsAsync<InvalidDataException>(() => ApplyAsync(otherSchema))).Message);
        var unknownTable = feed.ToArray();
        unknownTable[17] = 7;
        Assert.Contains("unknown table 7", (await Assert.ThrowsAsync<InvalidDataException>(() => ApplyAsync(unknownTable))).Message);
        Assert.Equal("", Dump(_copy.Connection));
    }

    [Fact]
    public async Task Reset_ClearsWhatTheCopyHad_AndSendsNoTombstones()
    {
        await using var t = await LoggedEngineAsync();
        await t.PutAsync("gone", "x");
        await ApplyAsync(await FeedAsync(t.Engine, 0, reset: true));
        await t.DeleteAsync("gone");
        await t.PutAsync("kept", "y");
        // A stale row only the copy has must not survive a full copy.
        _copy.Execute("INSERT INTO buckets(id, name, owner, created_ms, versioning, settings) VALUES (99, 'stale', 'o', 0, 0, '{}')");

        var reset = await ApplyAsync(await FeedAsync(t.Engine, 0, reset: true));
        Assert.True(reset.Reset);
        Assert.Equal(2, reset.Rows); // bucket b and the one live version: no tombstone for "gone"
        Assert.Equal(DumpOf(t), Dump(_copy.Connection));
    }

    [Fact]
    public async Task Trim_DeletesTheEntriesAtOrBelowTheCut_AndRecordsIt()
    {
        await using var t = await LoggedEngineAsync();
        await t.PutAsync("a", "1");
        await t.PutAsync("b", "2");
        await t.DeleteAsync("a");
        var cut = t.Engine.Changes.Seq;
        await t.PutAsync("c", "3");
        await t.DeleteAsync("b");

        // a, b and a's delete (the bucket came before the log).
        Assert.Equal(3, await t.Engine.TrimChangeLogAsync(cut, default));
        using var lease = t.Engine.RentReader();
        var position = ChangeFeedWriter.Position(lease.Reader.Commands);
        Assert.Equal(cut, position.Trimmed);
        Assert.Equal(t.Engine.Changes.Seq, position.Seq);
        using var count = lease.Reader.Commands.Connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM changes";
        // c and b's delete, above the cut.
        Assert.Equal(2L, count.ExecuteScalar());
    }

    [Fact]
    public async Task FullCopy_AfterTheLastEntryWasATrimmedTombstone_EndsAtTheLogsSeq_SoTheNextFeedContinues()
    {
        await using var t = await LoggedEngineAsync();
        await t.PutAsync("a", "1");
        await t.DeleteAsync("a");
        var seq = t.Engine.Changes.Seq;
        Assert.Equal(2, await t.Engine.TrimChangeLogAsync(seq, default));

        var copy = await ApplyAsync(await FeedAsync(t.Engine, 0, reset: true));
        // The log is empty now; the copy still ends at the log's seq, which is not behind the trim point.
        Assert.Equal(seq, copy.Seq);
        var next = await ApplyAsync(await FeedAsync(t.Engine, copy.Seq));
        Assert.False(next.Reset);
        Assert.Equal(DumpOf(t), Dump(_copy.Connection));
    }

    [Fact]
    public async Task Feed_ContinuingAnotherLog_IsRefused()
    {
        await using var t = await LoggedEngineAsync();
        await t.PutAsync("k", "v");
        await ApplyAsync(await FeedAsync(t.Engine, 0, reset: true));
        await using var other = await LoggedEngineAsync();
        await other.PutAsync("x", "y");

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await ApplyAsync(await FeedAsync(other.Engine, 1)));
        Assert.Contains("must start over", error.Message);
        Assert.Equal(DumpOf(t), Dump(_copy.Connection));
        // Started over, the other log is taken whole.
        await ApplyAsync(await FeedAsync(other.Engine, 0, reset: true));
        Assert.Equal(DumpOf(other), Dump(_copy.Connection));
    }

    [Fact]
    public async Task Copy_KeepsNoChangeLogOfItsOwn()
    {
        await using var t = await LoggedEngineAsync();
        await t.PutAsync("a", "1");
        await t.PutAsync("b", "2");
        var first = await ApplyAsync(await FeedAsync(t.Engine, 0, reset: true));
        await t.DeleteAsync("a");
        await ApplyAsync(await FeedAsync(t.Engine, first.Seq));

        using var count = _copy.Connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM changes";
        Assert.Equal(0L, count.ExecuteScalar());
    }

    [Fact]
    public async Task NodeOnItsOwn_KeepsNoLog_UntilAFollowerAsks()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("k", "v");
        Assert.Equal(0, t.Engine.Changes.Seq);
        using (var lease = t.Engine.RentReader())
        {
            Assert.False(ChangeLog.IsKept(lease.Reader.Commands));
        }

        Assert.False(await t.Engine.EnableChangeLogAsync(default));
        await t.PutAsync("k", "w");
        Assert.True(t.Engine.Changes.Seq > 0);
        // Kept across a restart: it is part of the database.
        await t.ReopenAsync();
        Assert.True(await t.Engine.EnableChangeLogAsync(default));
    }

    [Fact]
    public async Task EveryWrite_MovesTheSeq_AndWakesAWaiter()
    {
        await using var t = await LoggedEngineAsync();
        var seq = t.Engine.Changes.Seq;
        var waiting = t.Engine.Changes.WaitPastAsync(seq, TimeSpan.FromSeconds(30), default);
        Assert.False(waiting.IsCompleted);
        await t.PutAsync("k", "v");
        Assert.True(await waiting);
        Assert.True(t.Engine.Changes.Seq > seq);
        Assert.False(await t.Engine.Changes.WaitPastAsync(t.Engine.Changes.Seq, TimeSpan.FromMilliseconds(50), default));
    }

    public async ValueTask DisposeAsync()
    {
        _copy.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(_copyDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
