namespace Nimbus.ObjectStore.Tests.Engine.Metadata;

/// <summary>The writer reads an overwritten version's layout only when releasing it can free something: a layout that
/// keeps its data inline (version 1, kind 1 — see LayoutCodec) is not copied out of SQLite on every overwrite.</summary>
public sealed class InlineLayoutReleaseTests
{
    [Fact]
    public async Task Overwrite_OfAnInlineLayout_ReleasesNothing_OtherLayoutsAreReleased()
    {
        // The fake data store's layout is the body itself, so a body starting 0x01 0x01 reads as an inline layout.
        await using var t = await TestEngine.StartAsync();
        const string inline = "\u0001\u0001 kept inline";
        await t.PutAsync("k", inline);
        await t.PutAsync("k", "chunked");
        await t.PutAsync("k", "last");

        Assert.False(t.Data.WasReleased(inline));
        Assert.True(t.Data.WasReleased("chunked"));
        Assert.Equal("last", t.Read((await t.GetAsync("k")).Version!));
    }
}
