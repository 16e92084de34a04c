using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine;

public sealed class ObjectEngineVersioningTests
{
    [Fact]
    public async Task CreateBucket_ExistingName_AnswersByOwner()
    {
        await using var t = await TestEngine.StartAsync("photos");
        Assert.Equal(EngineStatus.BucketAlreadyOwnedByYou, await t.Engine.CreateBucketAsync("photos", "owner", default));
        Assert.Equal(EngineStatus.BucketAlreadyExists, await t.Engine.CreateBucketAsync("photos", "someone-else", default));
        Assert.Equal("owner", t.Engine.GetBucket("photos")!.Owner);
        Assert.Equal(["photos"], t.Engine.ListBuckets("owner").Select(b => b.Name));
        Assert.Empty(t.Engine.ListBuckets("someone-else"));
    }

    [Fact]
    public async Task DeleteBucket_WhileVersionsOrMarkersRemain_IsNotEmpty()
    {
        await using var t = await TestEngine.StartAsync("b", VersioningState.Enabled);
        var put = await t.PutAsync("k", "v1");
        var marker = await t.DeleteAsync("k");
        Assert.True(marker.DeleteMarker);

        Assert.Equal(EngineStatus.BucketNotEmpty, await t.Engine.DeleteBucketAsync("b", default));
        await t.DeleteAsync("k", put.Version!.VersionId);
        Assert.Equal(EngineStatus.BucketNotEmpty, await t.Engine.DeleteBucketAsync("b", default));
        await t.DeleteAsync("k", marker.VersionId);

        Assert.Equal(EngineStatus.Ok, await t.Engine.DeleteBucketAsync("b", default));
        Assert.Null(t.Engine.GetBucket("b"));
        Assert.Equal(EngineStatus.NoSuchBucket, await t.Engine.DeleteBucketAsync("b", default));
        Assert.Equal(EngineStatus.NoSuchBucket, (await t.GetAsync("k")).Status);
    }

    [Fact]
    public async Task Put_SameKeyTwiceUnversioned_LastWriterWinsAndOldDataIsReleased()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("k", "first");
        var second = await t.PutAsync("k", "second");

        var got = await t.GetAsync("k");
        Assert.Equal(EngineStatus.Ok, got.Status);
        Assert.Equal("null", got.Version!.VersionId);
        Assert.True(got.Version.IsLatest);
        Assert.Equal(second.Version!.ETag, got.Version.ETag);
        Assert.Equal("second", t.Read(got.Version));
        Assert.True(t.Data.WasReleased("first"));
        Assert.False(t.Data.WasReleased("second"));
    }

    [Fact]
    public async Task Put_VersioningEnabled_KeepsEveryVersionAndOnlyNewestIsLatest()
    {
        await using var t = await TestEngine.StartAsync("b", VersioningState.Enabled);
        var v1 = (await t.PutAsync("k", "one")).Version!;
        var v2 = (await t.PutAsync("k", "two")).Version!;

        Assert.NotEqual(v1.VersionId, v2.VersionId);
        Assert.Equal(32, v1.VersionId.Length);
        Assert.True(string.CompareOrdinal(v1.VersionId, v2.VersionId) < 0);
        var old = (await t.GetAsync("k", v1.VersionId)).Version!;
        Assert.False(old.IsLatest);
        Assert.Equal("one", t.Read(old));
        var current = (await t.GetAsync("k")).Version!;
        Assert.True(current.IsLatest);
        Assert.Equal(v2.VersionId, current.VersionId);
        Assert.Empty(t.Data.Released);
    }

    [Fact]
    public async Task Delete_VersioningEnabled_WritesMarkerThatHidesTheObject()
    {
        await using var t = await TestEngine.StartAsync("b", VersioningState.Enabled);
        var v1 = (await t.PutAsync("k", "one")).Version!;
        var deleted = await t.DeleteAsync("k");

        Assert.Equal(EngineStatus.Ok, deleted.Status);
        Assert.True(deleted.DeleteMarker);
        var current = await t.GetAsync("k");
        Assert.Equal(EngineStatus.NoSuchKey, current.Status);
        Assert.True(current.Version!.IsDeleteMarker);
        Assert.Equal(deleted.VersionId, current.Version.VersionId);
        var byId = await t.GetAsync("k", deleted.VersionId);
        Assert.Equal(EngineStatus.DeleteMarker, byId.Status);
        Assert.True(byId.Version!.IsLatest);
        Assert.Equal(EngineStatus.Ok, (await t.GetAsync("k", v1.VersionId)).Status);
        Assert.Equal(EngineStatus.NoSuchVersion, (await t.GetAsync("k", "no-such-version")).Status);
    }

    [Fact]
    public async Task DeleteVersion_OfTheCurrentVersion_MakesThePreviousOneCurrent()
    {
        await using var t = await TestEngine.StartAsync("b", VersioningState.Enabled);
        var v1 = (await t.PutAsync("k", "one")).Version!;
        var marker = await t.DeleteAsync("k");

        var removed = await t.DeleteAsync("k", marker.VersionId);
        Assert.True(removed.DeleteMarker);
        var current = await t.GetAsync("k");
        Assert.Equal(EngineStatus.Ok, current.Status);
        Assert.Equal(v1.VersionId, current.Version!.VersionId);
        Assert.True(current.Version.IsLatest);

        var gone = await t.DeleteAsync("k", v1.VersionId);
        Assert.False(gone.DeleteMarker);
        Assert.True(t.Data.WasReleased("one"));
        Assert.Equal(EngineStatus.NoSuchKey, (await t.GetAsync("k")).Status);
        Assert.Equal(EngineStatus.NoSuchVersion, (await t.DeleteAsync("k", v1.VersionId)).Status);
    }

    [Fact]
    public async Task Suspended_PutAndDelete_ReplaceTheNullVersionOnly()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("k", "null-before");
        await t.SetVersioningAsync("b", VersioningState.Enabled);
        var enabled = (await t.PutAsync("k", "enabled")).Version!;
        await t.SetVersioningAsync("b", VersioningState.Suspended);

        var suspended = (await t.PutAsync("k", "suspended")).Version!;
        Assert.Equal("null", suspended.VersionId);
        Assert.True(t.Data.WasReleased("null-before"));
        Assert.Equal("enabled", t.Read((await t.GetAsync("k", enabled.VersionId)).Version!));

        var marker = await t.DeleteAsync("k");
        Assert.Equal("null", marker.VersionId);
        Assert.True(marker.DeleteMarker);
        Assert.True(t.Data.WasReleased("suspended"));
        Assert.Equal(EngineStatus.NoSuchKey, (await t.GetAsync("k")).Status);
        var page = await t.Engine.ListVersionsAsync(new VersionQuery("b", "", null, null, null, 100), default);
        Assert.Equal([("null", true, true), (enabled.VersionId, false, false)], page.Versions.Select(v => (v.VersionId, v.IsDeleteMarker, v.IsLatest)));
    }

    [Fact]
    public async Task Delete_Unversioned_RemovesTheObject()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("k", "data");

        var deleted = await t.DeleteAsync("k");
        Assert.Equal(EngineStatus.Ok, deleted.Status);
        Assert.False(deleted.DeleteMarker);
        Assert.Equal(EngineStatus.NoSuchKey, (await t.GetAsync("k")).Status);
        Assert.Null((await t.GetAsync("k")).Version);
        Assert.True(t.Data.WasReleased("data"));
        Assert.Equal(EngineStatus.Ok, (await t.DeleteAsync("k")).Status);
    }

    [Fact]
    public async Task Put_Preconditions_AreCheckedAgainstTheCurrentVersion()
    {
        await using var t = await TestEngine.StartAsync();
        Assert.Equal(EngineStatus.NoSuchKey, (await t.PutAsync("k", "x", preconditions: new WritePreconditions("abc", false))).Status);
        var created = await t.PutAsync("k", "v1", preconditions: new WritePreconditions(null, IfNoneMatchAny: true));
        Assert.Equal(EngineStatus.Ok, created.Status);

        Assert.Equal(EngineStatus.PreconditionFailed, (await t.PutAsync("k", "v2", preconditions: new WritePreconditions(null, true))).Status);
        Assert.Equal(EngineStatus.PreconditionFailed, (await t.PutAsync("k", "v3", preconditions: new WritePreconditions("0123", false))).Status);
        Assert.Equal(3, t.Data.Discarded);
        Assert.Equal("v1", t.Read((await t.GetAsync("k")).Version!));

        var matched = await t.PutAsync("k", "v4", preconditions: new WritePreconditions($"\"{created.Version!.ETag}\"", false));
        Assert.Equal(EngineStatus.Ok, matched.Status);
        Assert.Equal("v4", t.Read((await t.GetAsync("k")).Version!));
    }

    [Fact]
    public async Task Put_AttributesAndTags_RoundTripAndTagsCanBeReplaced()
    {
        await using var t = await TestEngine.StartAsync();
        var attributes = new ObjectAttributes
        {
            ContentType = "text/plain",
            CacheControl = "no-cache",
            UserMetadata = [new("color", "blue")],
            Tags = [new("team", "storage")],
        };
        var put = await t.PutAsync("k", "body", attributes: attributes);
        Assert.Equal("841a2d689ad86bd1611447453c22c6fc", put.Version!.ETag);

        var got = (await t.GetAsync("k")).Version!;
        Assert.Equal("text/plain", got.Attributes.ContentType);
        Assert.Equal("no-cache", got.Attributes.CacheControl);
        Assert.Equal([new("color", "blue")], got.Attributes.UserMetadata);
        Assert.Equal(4, got.Size);
        Assert.Equal(put.Version.LastModified, got.LastModified);

        Assert.Equal(EngineStatus.Ok, await t.Engine.SetTagsAsync("b", "k", null, [new("a", "1"), new("b", "2")], default));
        var tagged = (await t.GetAsync("k")).Version!;
        Assert.Equal([new("a", "1"), new("b", "2")], tagged.Attributes.Tags);
        Assert.Equal("text/plain", tagged.Attributes.ContentType);
        Assert.Equal(EngineStatus.NoSuchKey, await t.Engine.SetTagsAsync("b", "missing", null, [], default));
        Assert.Equal(EngineStatus.NoSuchVersion, await t.Engine.SetTagsAsync("b", "k", "nope", [], default));
    }

    [Fact]
    public async Task Reopen_AfterConcurrentWrites_SeesEveryAcknowledgedWrite()
    {
        await using var t = await TestEngine.StartAsync("b", VersioningState.Enabled);
        var writes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => t.PutAsync($"key-{i % 8}", $"content-{i}")));
        Assert.All(writes, w => Assert.Equal(EngineStatus.Ok, w.Status));

        await t.ReopenAsync();

        Assert.Equal("owner", t.Engine.GetBucket("b")!.Owner);
        Assert.Equal(VersioningState.Enabled, t.Engine.GetBucket("b")!.Settings.Versioning);
        foreach (var write in writes)
        {
            var got = await t.GetAsync(write.Version!.Key, write.Version.VersionId);
            Assert.Equal(EngineStatus.Ok, got.Status);
            Assert.Equal(write.Version.ETag, got.Version!.ETag);
        }
        var page = await t.Engine.ListVersionsAsync(new VersionQuery("b", "", null, null, null, 1000), default);
        Assert.Equal(64, page.Versions.Count);
        Assert.Equal(8, page.Versions.Count(v => v.IsLatest));
    }

    [Fact]
    public async Task ConcurrentWritersOfOneKey_ReaderAlwaysSeesOneWholeVersion()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("k", new string('0', 1000));
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var got = await t.GetAsync("k");
                Assert.Equal(EngineStatus.Ok, got.Status);
                var content = t.Read(got.Version!);
                Assert.Equal(1000, content.Length);
                Assert.True(content.All(c => c == content[0]), "a version mixes two writes");
                Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(content))), got.Version!.ETag);
                reads++;
            }
        });
        var writers = Enumerable.Range(1, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                Assert.Equal(EngineStatus.Ok, (await t.PutAsync("k", new string((char)('0' + w), 1000))).Status);
            }
        }));
        await Task.WhenAll(writers).WaitAsync(TestEngine.Timeout);
        await stop.CancelAsync();
        await reader.WaitAsync(TestEngine.Timeout);
        Assert.True(reads > 0);
        // Every overwritten version's data was released: 200 writes replaced 200 earlier versions.
        Assert.Equal(200, t.Data.Released.Count);
    }
}
