using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nimbus.Edge.Cache;

namespace Nimbus.Edge.Tests.Cache;

public sealed class RegistrationTests
{
    [Fact]
    public void AddHttpResponseCache_BindsOptionsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Edge:Cache:MaxBytes"] = "2048", ["Edge:Cache:MaxEntryBytes"] = "1024" })
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddHttpResponseCache()
            .BuildServiceProvider();

        Assert.Equal(2048, provider.GetRequiredService<IOptions<HttpCacheOptions>>().Value.MaxBytes);
        Assert.NotNull(provider.GetRequiredService<HttpResponseCache>());
    }

    [Fact]
    public void Validator_BadOptions_ReportsEveryError()
    {
        var result = new HttpCacheOptionsValidator().Validate(null, new HttpCacheOptions { MaxBytes = 0, MaxVariantsPerUri = 0, HeuristicFraction = 2 });

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Throws<ArgumentException>(() => new HttpResponseCache(new HttpCacheOptions { MaxBytes = 0 }, TimeProvider.System));
    }
}
