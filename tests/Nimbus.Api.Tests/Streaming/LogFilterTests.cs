using Nimbus.Api.Streaming;

namespace Nimbus.Api.Tests.Streaming;

public sealed class LogFilterTests
{
    [Fact]
    public void Create_NothingToFilterOn_IsNull()
    {
        Assert.Null(LogFilter.Create(null, [], out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("timeout", "GET /x timeout after 5s", true)]
    [InlineData("^GET /x", "GET /x 200", true)]
    [InlineData("(?i)ERROR", "an error happened", true)]
    [InlineData("5\\d\\d", "status 404", false)]
    public void Grep_MatchesAnywhereInTheLine(string pattern, string line, bool expected) =>
        Assert.Equal(expected, LogFilter.Create(pattern, [], out _)!.Matches(line));

    [Theory]
    [InlineData("level=error", true)]
    [InlineData("http.status=500", true)]
    [InlineData("ok=false", true)]
    [InlineData("user=null", true)]
    [InlineData("level=info", false)]
    [InlineData("http.status=\"500\"", false)]
    [InlineData("http=x", false)]
    [InlineData("missing=x", false)]
    [InlineData("msg=a=b", true)]
    public void Where_ComparesStringsByValueAndTheRestByJsonText(string condition, bool expected)
    {
        const string line = """{"level":"error","msg":"a=b","ok":false,"user":null,"http":{"status":500}}""";

        Assert.Equal(expected, LogFilter.Create(null, [condition], out _)!.Matches(line));
    }

    [Theory]
    [InlineData("level=error")]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    public void Where_OnALineThatIsNotAJsonObject_DoesNotMatch(string line) =>
        Assert.False(LogFilter.Create(null, ["level=error"], out _)!.Matches(line));

    [Fact]
    public void GrepAndWhere_MustBothHold()
    {
        var filter = LogFilter.Create("slow", ["level=warn"], out _)!;

        Assert.True(filter.Matches("""{"level":"warn","msg":"slow query"}"""));
        Assert.False(filter.Matches("""{"level":"info","msg":"slow query"}"""));
        Assert.False(filter.Matches("""{"level":"warn","msg":"fast"}"""));
    }

    [Theory]
    [InlineData("(unclosed", null, "grep")]
    [InlineData(null, "novalue", "where")]
    [InlineData(null, "=x", "where")]
    [InlineData(null, "a..b=x", "where")]
    public void Create_BadPatternOrCondition_SaysWhich(string? grep, string? where, string starts)
    {
        Assert.Null(LogFilter.Create(grep, where is null ? [] : [where], out var error));
        Assert.StartsWith(starts, error);
    }

    [Fact]
    public void Create_APatternThatWouldBacktrackForever_RunsInLinearTime()
    {
        var filter = LogFilter.Create("(a+)+$", [], out _)!;

        Assert.False(filter.Matches(new string('a', 50_000) + "!"));
    }
}
