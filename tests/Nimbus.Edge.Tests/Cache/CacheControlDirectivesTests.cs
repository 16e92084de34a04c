using Nimbus.Edge.Cache;

namespace Nimbus.Edge.Tests.Cache;

public sealed class CacheControlDirectivesTests
{
    [Fact]
    public void Parse_MixedDirectives_ReadsFlagsAndDeltas()
    {
        var cc = CacheControlDirectives.Parse("public, Max-Age=60 ,s-maxage=\"120\", must-revalidate, x-ext=\"a,b\", no-cache");

        Assert.True(cc.Has(CacheControlFlags.Public));
        Assert.True(cc.Has(CacheControlFlags.MustRevalidate));
        Assert.True(cc.Has(CacheControlFlags.NoCache));
        Assert.False(cc.Has(CacheControlFlags.NoStore));
        Assert.Equal(TimeSpan.FromSeconds(60), cc.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(120), cc.SharedMaxAge);
    }

    [Fact]
    public void Parse_QualifiedPrivateWithCommas_IsPrivateAndKeepsParsing()
    {
        var cc = CacheControlDirectives.Parse("private=\"Set-Cookie, X-User\", max-age=5");

        Assert.True(cc.Has(CacheControlFlags.Private));
        Assert.Equal(TimeSpan.FromSeconds(5), cc.MaxAge);
    }

    [Theory]
    [InlineData("max-age=abc")]
    [InlineData("max-age=")]
    [InlineData("max-age=-5")]
    public void Parse_InvalidMaxAge_IsZero(string value) =>
        Assert.Equal(TimeSpan.Zero, CacheControlDirectives.Parse(value).MaxAge);

    [Fact]
    public void Parse_RepeatedDirective_FirstWins() =>
        Assert.Equal(TimeSpan.FromSeconds(10), CacheControlDirectives.Parse("max-age=10, max-age=99").MaxAge);

    [Fact]
    public void Parse_HugeDelta_IsCappedNotOverflowed() =>
        Assert.Equal(TimeSpan.FromSeconds(int.MaxValue), CacheControlDirectives.Parse("max-age=99999999999999999999999").MaxAge);

    [Fact]
    public void Parse_MaxStaleWithoutValue_AcceptsAnyStaleness()
    {
        Assert.Equal(TimeSpan.MaxValue, CacheControlDirectives.Parse("max-stale").MaxStale);
        Assert.Equal(TimeSpan.FromSeconds(7), CacheControlDirectives.Parse("max-stale=7").MaxStale);
    }

    [Fact]
    public void Parse_SeveralFieldLines_AreOneList()
    {
        var cc = CacheControlDirectives.Parse(new Microsoft.Extensions.Primitives.StringValues(["max-age=3", "no-store"]));

        Assert.True(cc.Has(CacheControlFlags.NoStore));
        Assert.Equal(TimeSpan.FromSeconds(3), cc.MaxAge);
    }

    [Fact]
    public void Parse_Garbage_NeverThrowsAndKeepsDeltasInRange()
    {
        var random = new Random(7);
        const string alphabet = "=,\" \\\tmax-agesno-storeprivate0123456789";
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var cc = CacheControlDirectives.Parse(new string(chars).AsSpan());
            Assert.InRange(cc.MaxAge ?? TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(int.MaxValue));
        }
    }
}
