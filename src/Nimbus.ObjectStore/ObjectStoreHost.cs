using Nimbus.Api.Hosting;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.Keys;
using Nimbus.ObjectStore.S3;

namespace Nimbus.ObjectStore;

/// <summary>One object-store node: its S3 endpoint over the node's engine. <c>nimbus up</c> runs one in its process.</summary>
public sealed class ObjectStoreHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ObjectStoreHost(WebApplication app, IPEndPoint endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The S3 endpoint URL clients use (path-style), e.g. http://127.0.0.1:9000.</summary>
    public string Url => $"http://{Endpoint}";

    public static async Task<ObjectStoreHost> StartAsync(ObjectStoreOptions options, Action<ILoggingBuilder> logging, CancellationToken ct)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // Object sizes are S3's rules (5 GiB per PUT, 5 GiB per part), checked by the operations themselves.
            k.Limits.MaxRequestBodySize = null;
            // Room above S3's own 8 KB limit, so an oversized header section gets S3's error rather than a bare 431.
            k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            k.Limits.MaxRequestHeaderCount = 500;
            // User metadata values pass through as bytes (SDKs send UTF-8 raw), not rejected as non-ASCII.
            k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            k.Listen(IPAddress.Parse(options.ListenAddress), options.Port, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                listener = l;
            });
        });
        builder.Services.AddObjectStore(options);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownGrace);
        var app = builder.Build();
        try
        {
            // Chunk files no committed version refers to (a crash between staging and commit) go before the first request.
            var engine = app.Services.GetRequiredService<ObjectEngine>();
            await app.Services.GetRequiredService<LocalDataStore>().SweepOrphansAsync(engine.CollectReferencedChunkIds(), ct).ConfigureAwait(false);
            app.Run(app.Services.GetRequiredService<S3RequestHandler>().InvokeAsync);
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new PortInUseException("s3", options.Port, ex);
            }
            if (app.Services.GetService<AccessKeyFollower>() is { } keys)
            {
                // Answer no request before the keys are known: a client would see InvalidAccessKeyId for its valid key.
                await keys.Loaded.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            }
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new ObjectStoreHost(app, listener!.IPEndPoint!);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
