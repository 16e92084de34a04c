using Nimbus.Api.Bundles;

namespace Nimbus.Api.Tests.Bundles;

public sealed class PathResolverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RealPath_FollowsChainedAndRelativeLinks()
    {
        var real = _dir.Write("data/file.txt", "x");
        Directory.CreateSymbolicLink(_dir.Combine("d"), "data");
        File.CreateSymbolicLink(_dir.Combine("one"), "d/file.txt");
        File.CreateSymbolicLink(_dir.Combine("two"), _dir.Combine("one"));

        Assert.Equal(PathResolver.RealPath(real), PathResolver.RealPath(_dir.Combine("two")));
        Assert.EndsWith("/data/file.txt", PathResolver.RealPath(_dir.Combine("two")), StringComparison.Ordinal);
    }

    [Fact]
    public void RealPath_DotDotAfterALink_IsPhysical()
    {
        _dir.Write("a/b/target.txt", "x");
        Directory.CreateSymbolicLink(_dir.Combine("b-link"), "a/b");
        // b-link/.. is a (the link's physical parent), not the folder holding b-link.
        File.CreateSymbolicLink(_dir.Combine("tricky"), "b-link/../b/target.txt");

        Assert.Equal(PathResolver.RealPath(_dir.Combine("a/b/target.txt")), PathResolver.RealPath(_dir.Combine("tricky")));
    }

    [Fact]
    public void RealPath_LoopOrMissing_IsNull()
    {
        File.CreateSymbolicLink(_dir.Combine("loop1"), "loop2");
        File.CreateSymbolicLink(_dir.Combine("loop2"), "loop1");

        Assert.Null(PathResolver.RealPath(_dir.Combine("loop1")));
        Assert.Null(PathResolver.RealPath(_dir.Combine("missing/file")));
    }

    [Theory]
    [InlineData("/app", "/app/x", true)]
    [InlineData("/app", "/app", false)]
    [InlineData("/app", "/application/x", false)]
    [InlineData("/", "/etc", true)]
    public void IsInside_IsStrictAndSegmentAware(string folder, string path, bool inside) =>
        Assert.Equal(inside, PathResolver.IsInside(folder, path));
}
