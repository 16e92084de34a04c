using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Hosting;

namespace Nimbus.ControlPlane;

/// <summary>A running control plane: the API on Kestrel plus the controllers.</summary>
public sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlPlaneHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound API base URL, e.g. http://127.0.0.1:7070.</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ControlPlaneHost> StartAsync(ControlPlaneOptions options, Action<ILoggingBuilder> logging, CancellationToken ct)
    {
        var builder = RoleWebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.ListenAddress), options.Port);
            k.Limits.MaxRequestBodySize = options.MaxBundleBytes;
        });
        builder.Services.AddControlPlane(o =>
        {
            o.DataDirectory = options.DataDirectory;
            o.AdminToken = options.AdminToken;
            o.ListenAddress = options.ListenAddress;
            o.Port = options.Port;
            o.NodeTimeout = options.NodeTimeout;
            o.ResyncInterval = options.ResyncInterval;
            o.MaxBundleBytes = options.MaxBundleBytes;
            o.EventLimit = options.EventLimit;
            o.CloudDomain = options.CloudDomain;
        });
        var app = builder.Build();
        app.MapControlPlane();
        await app.StartAsync(ct).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControlPlaneHost(app, new Uri(bound));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
