using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset Modified = new(2024, 5, 1, 12, 0, 0, 500, TimeSpan.Zero);
    private const string Before = "Wed, 01 May 2024 11:00:00 GMT";
    private const string Same = "Wed, 01 May 2024 12:00:00 GMT";
    private const string After = "Wed, 01 May 2024 13:00:00 GMT";

    private static readonly ObjectVersion Version = new()
    {
        Bucket = "b", Key = "k", VersionId = "null", ETag = "abc123", LastModified = Modified, Size = 3,
    };

    private static Conditions.Outcome Evaluate(params (string, string)[] headers) => Conditions.Evaluate(Requests.With(headers), Version);

    [Fact]
    public void Evaluate_NoConditions_Proceeds() => Assert.Equal(Conditions.Outcome.Proceed, Evaluate());

    [Theory]
    [InlineData("\"abc123\"")]
    [InlineData("abc123")]
    [InlineData("*")]
    [InlineData("\"other\", \"abc123\"")]
    [InlineData("W/\"abc123\"")]
    public void Evaluate_IfMatchHolds_Proceeds(string value) =>
        Assert.Equal(Conditions.Outcome.Proceed, Evaluate(("If-Match", value)));

    [Fact]
    public void Evaluate_IfMatchFails_PreconditionFailed() =>
        Assert.Equal(Conditions.Outcome.PreconditionFailed, Evaluate(("If-Match", "\"other\"")));

    [Fact]
    public void Evaluate_IfNoneMatchMatches_NotModified() =>
        Assert.Equal(Conditions.Outcome.NotModified, Evaluate(("If-None-Match", "\"abc123\"")));

    [Fact]
    public void Evaluate_IfNoneMatchStar_NotModified() =>
        Assert.Equal(Conditions.Outcome.NotModified, Evaluate(("If-None-Match", "*")));

    [Fact]
    public void Evaluate_IfNoneMatchDiffers_Proceeds() =>
        Assert.Equal(Conditions.Outcome.Proceed, Evaluate(("If-None-Match", "\"other\"")));

    [Fact]
    public void Evaluate_ModifiedAfterIfUnmodifiedSince_PreconditionFailed() =>
        Assert.Equal(Conditions.Outcome.PreconditionFailed, Evaluate(("If-Unmodified-Since", Before)));

    [Fact]
    public void Evaluate_IfUnmodifiedSinceSameSecond_Proceeds() =>
        Assert.Equal(Conditions.Outcome.Proceed, Evaluate(("If-Unmodified-Since", Same)));

    [Fact]
    public void Evaluate_IfModifiedSinceSameSecond_NotModified() =>
        Assert.Equal(Conditions.Outcome.NotModified, Evaluate(("If-Modified-Since", Same)));

    [Fact]
    public void Evaluate_IfModifiedSinceAfter_NotModified() =>
        Assert.Equal(Conditions.Outcome.NotModified, Evaluate(("If-Modified-Since", After)));

    [Fact]
    public void Evaluate_IfModifiedSinceBefore_Proceeds() =>
        Assert.Equal(Conditions.Outcome.Proceed, Evaluate(("If-Modified-Since", Before)));

    [Fact]
    public void Evaluate_IfMatchHoldsAndIfUnmodifiedSinceFails_Proceeds() =>
        Assert.Equal(Conditions.Outcome.Proceed, Evaluate(("If-Match", "\"abc123\""), ("If-Unmodified-Since", Before)));

    [Fact]
    public void Evaluate_IfNoneMatchDiffersAndIfModifiedSinceFails_Proceeds() =>
        Assert.Equal(Conditions.Outcome.Proceed, Evaluate(("If-None-Match", "\"other\""), ("If-Modified-Since", After)));

    [Fact]
    public void Evaluate_IfNoneMatchMatchesAndIfModifiedSinceHolds_NotModified() =>
        Assert.Equal(Conditions.Outcome.NotModified, Evaluate(("If-None-Match", "\"abc123\""), ("If-Modified-Since", Before)));

    [Fact]
    public void Evaluate_IfMatchFailsAndIfNoneMatchMatches_PreconditionFailedWins() =>
        Assert.Equal(Conditions.Outcome.PreconditionFailed, Evaluate(("If-Match", "\"other\""), ("If-None-Match", "\"abc123\"")));

    [Fact]
    public void Evaluate_IfUnmodifiedSinceFailsAndIfModifiedSinceFails_PreconditionFailedWins() =>
        Assert.Equal(Conditions.Outcome.PreconditionFailed, Evaluate(("If-Unmodified-Since", Before), ("If-Modified-Since", After)));

    [Theory]
    [InlineData("If-Modified-Since")]
    [InlineData("If-Unmodified-Since")]
    public void Evaluate_UnparseableDate_Ignored(string header) =>
        Assert.Equal(Conditions.Outcome.Proceed, Evaluate((header, "not a date")));

    [Fact]
    public void Evaluate_CopySourcePrefix_ReadsPrefixedHeadersOnly()
    {
        var request = Requests.With(("x-amz-copy-source-if-match", "\"other\""), ("If-None-Match", "\"abc123\""));
        Assert.Equal(Conditions.Outcome.PreconditionFailed, Conditions.Evaluate(request, Version, "x-amz-copy-source-"));
    }

    [Fact]
    public void Matches_EmptyEntriesAndSpaces_Tolerated()
    {
        Assert.True(Conditions.Matches(" , \"abc123\" ,", "abc123"));
        Assert.False(Conditions.Matches(",,", "abc123"));
    }

    [Fact]
    public void ForWrite_NoHeaders_None() => Assert.Equal(WritePreconditions.None, Conditions.ForWrite(Requests.With()));

    [Fact]
    public void ForWrite_IfMatchQuoted_Unquoted() =>
        Assert.Equal(new WritePreconditions("abc", false), Conditions.ForWrite(Requests.With(("If-Match", " \"abc\" "))));

    [Fact]
    public void ForWrite_IfNoneMatchStar_KeyMustNotExist() =>
        Assert.Equal(new WritePreconditions(null, true), Conditions.ForWrite(Requests.With(("If-None-Match", "*"))));

    [Fact]
    public void ForWrite_IfNoneMatchEtag_NotImplemented()
    {
        var ex = Assert.Throws<S3Exception>(() => Conditions.ForWrite(Requests.With(("If-None-Match", "\"abc\""))));
        Assert.Equal("NotImplemented", ex.Error.Code);
        Assert.Equal(501, ex.Error.Status);
    }
}
