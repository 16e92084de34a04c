using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nimbus.Edge.Cache;

/// <summary>Registers the edge HTTP cache; the edge's <c>AddEdge()</c> calls this.</summary>
public static class HttpCacheServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="HttpResponseCache"/> per process, with <see cref="HttpCacheOptions"/> bound from
    /// <paramref name="configSection"/> and validated at start.
    /// </summary>
    public static IServiceCollection AddHttpResponseCache(this IServiceCollection services, string configSection = "Edge:Cache")
    {
        services.AddOptions<HttpCacheOptions>().BindConfiguration(configSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpCacheOptions>, HttpCacheOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new HttpResponseCache(
            sp.GetRequiredService<IOptions<HttpCacheOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<HttpResponseCache>>()));
        return services;
    }
}
