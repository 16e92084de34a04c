using Microsoft.Extensions.Configuration;
using Nimbus.Api.Hosting;

namespace Nimbus.Api.Tests.Hosting;

/// <summary>The roles' web hosts watch no files: a reload-on-change configuration file makes .NET watch the whole tree
/// under the content root, and that tree may hold the data directory (every stored object an inotify event).</summary>
public sealed class RoleWebApplicationTests
{
    [Fact]
    public void TheBuilder_RootsAtTheInstallDirectory_AndReloadsNoConfigurationFile()
    {
        var builder = RoleWebApplication.CreateBuilder();

        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(builder.Environment.ContentRootPath));
        var files = ((IConfigurationBuilder)builder.Configuration).Sources.OfType<FileConfigurationSource>().ToList();
        Assert.NotEmpty(files); // the slim builder's appsettings.json sources are there, just not watched
        Assert.All(files, source => Assert.False(source.ReloadOnChange, $"{source.Path} would be watched for changes"));
    }
}
