using Nimbus.Api.Bundles;

namespace Nimbus.Api.Tests.Bundles;

public sealed class IgnoreRulesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IgnoreRules Rules(string gitignore)
    {
        _dir.Write(".gitignore", gitignore);
        return IgnoreRules.Load(_dir.Path);
    }

    [Theory]
    [InlineData("*.log", "app.log", true)]
    [InlineData("*.log", "logs/deep/app.log", true)]
    [InlineData("*.log", "app.logx", false)]
    [InlineData("*.log", "dir.log/file", true)]
    [InlineData("?.txt", "a.txt", true)]
    [InlineData("?.txt", "ab.txt", false)]
    [InlineData("file[abc].txt", "fileb.txt", true)]
    [InlineData("file[abc].txt", "filed.txt", false)]
    [InlineData("file[a-c].txt", "filec.txt", true)]
    [InlineData("file[!a-c].txt", "filec.txt", false)]
    [InlineData("file[!a-c].txt", "filez.txt", true)]
    [InlineData("file[].txt", "file[].txt", true)]
    public void Wildcards_MatchAsGitDoes(string pattern, string path, bool ignored) =>
        Assert.Equal(ignored, Rules(pattern).IsIgnored(path, isDirectory: false));

    [Theory]
    [InlineData("**/cache", "cache", true)]
    [InlineData("**/cache", "a/b/cache", true)]
    [InlineData("build/**", "build/x/y.o", true)]
    [InlineData("build/**", "build", false)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "c/a/x/b", false)]
    [InlineData("a**b", "axxb", true)]
    public void DoubleStar_MatchesAnyNumberOfFolders(string pattern, string path, bool ignored) =>
        Assert.Equal(ignored, Rules(pattern).IsIgnored(path, isDirectory: false));

    [Theory]
    [InlineData("/todo.txt", "todo.txt", true)]
    [InlineData("/todo.txt", "sub/todo.txt", false)]
    [InlineData("doc/frotz", "doc/frotz", true)]
    [InlineData("doc/frotz", "a/doc/frotz", false)]
    [InlineData("frotz", "a/doc/frotz", true)]
    public void Slash_AtStartOrInMiddle_Anchors(string pattern, string path, bool ignored) =>
        Assert.Equal(ignored, Rules(pattern).IsIgnored(path, isDirectory: false));

    [Fact]
    public void TrailingSlash_MatchesOnlyDirectories()
    {
        var rules = Rules("out/\n");

        Assert.True(rules.IsIgnored("out", isDirectory: true));
        Assert.True(rules.IsIgnored("out/app.dll", isDirectory: false));
        Assert.False(rules.IsIgnored("out", isDirectory: false));
    }

    [Fact]
    public void Negation_ReincludesAFileMatchedEarlier()
    {
        var rules = Rules("*.log\n!keep.log\n");

        Assert.True(rules.IsIgnored("app.log", isDirectory: false));
        Assert.False(rules.IsIgnored("keep.log", isDirectory: false));
    }

    [Fact]
    public void Negation_CannotReincludeAFileInsideAnIgnoredFolder()
    {
        var rules = Rules("logs/\n!logs/keep.log\n");

        Assert.True(rules.IsIgnored("logs/keep.log", isDirectory: false));
    }

    [Fact]
    public void CommentsBlankLinesAndTrailingSpaces_AreNotPatterns()
    {
        var rules = Rules("# secret.txt\n\nnotes.txt   \n");

        Assert.False(rules.IsIgnored("# secret.txt", isDirectory: false));
        Assert.False(rules.IsIgnored("secret.txt", isDirectory: false));
        Assert.True(rules.IsIgnored("notes.txt", isDirectory: false));
    }

    [Fact]
    public void EscapedHashAndBang_AreLiteral()
    {
        var rules = Rules("\\#notes\n\\!important\n");

        Assert.True(rules.IsIgnored("#notes", isDirectory: false));
        Assert.True(rules.IsIgnored("!important", isDirectory: false));
        Assert.False(rules.IsIgnored("important", isDirectory: false));
    }

    [Fact]
    public void EscapedTrailingSpace_IsKept()
    {
        var rules = Rules("name\\ \n");

        Assert.True(rules.IsIgnored("name ", isDirectory: false));
        Assert.False(rules.IsIgnored("name", isDirectory: false));
    }

    [Fact]
    public void NestedGitignore_AppliesRelativeToItsFolder()
    {
        _dir.Write("sub/.gitignore", "/local.txt\n*.tmp\n");
        var rules = IgnoreRules.Load(_dir.Path);

        Assert.True(rules.IsIgnored("sub/local.txt", isDirectory: false));
        Assert.True(rules.IsIgnored("sub/deeper/x.tmp", isDirectory: false));
        Assert.False(rules.IsIgnored("local.txt", isDirectory: false));
        Assert.False(rules.IsIgnored("x.tmp", isDirectory: false));
        Assert.False(rules.IsIgnored("sub/deeper/local.txt", isDirectory: false));
    }

    [Fact]
    public void NestedGitignore_OverridesTheRootOne()
    {
        _dir.Write(".gitignore", "*.txt\n");
        _dir.Write("docs/.gitignore", "!readme.txt\n");
        var rules = IgnoreRules.Load(_dir.Path);

        Assert.False(rules.IsIgnored("docs/readme.txt", isDirectory: false));
        Assert.True(rules.IsIgnored("readme.txt", isDirectory: false));
    }

    [Fact]
    public void NimbusIgnore_AppliesAfterGitignore()
    {
        _dir.Write(".gitignore", "dist/\n");
        _dir.Write(".nimbusignore", "!dist/\ntests/\n");
        var rules = IgnoreRules.Load(_dir.Path);

        Assert.False(rules.IsIgnored("dist", isDirectory: true));
        Assert.True(rules.IsIgnored("tests/unit.py", isDirectory: false));
    }

    [Fact]
    public void GitFolder_IsAlwaysIgnored_EvenWhenNegated()
    {
        var rules = Rules("!.git/\n");

        Assert.True(rules.IsIgnored(".git", isDirectory: true));
        Assert.True(rules.IsIgnored(".git/config", isDirectory: false));
        Assert.True(rules.IsIgnored("vendor/lib/.git", isDirectory: false));
    }

    [Fact]
    public void NoIgnoreFiles_IgnoresNothingButGit()
    {
        var rules = IgnoreRules.Load(_dir.Path);

        Assert.False(rules.IsIgnored("anything/at/all.txt", isDirectory: false));
        Assert.True(rules.IsIgnored(".git", isDirectory: true));
    }
}
