using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Hosting;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.Keys;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.S3;

namespace Nimbus.ObjectStore;

/// <summary>One object-store node: its S3 endpoint over the node's engine, and with a peer port, its peer (chunk) API
/// and replication to the other storage nodes. A follower (<see cref="ObjectStoreOptions.MetadataNode"/> false) serves S3
/// from its copy of the metadata and passes writes on; a peer-only node (<see cref="ObjectStoreOptions.ServeS3"/> false) keeps
/// chunk copies for others and serves no S3. <c>nimbus up</c> runs one per zone in its process.</summary>
public sealed class ObjectStoreHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ObjectStoreHost(WebApplication app, IPEndPoint? endpoint, IPEndPoint? peer, string? nodeId, string zone)
    {
        _app = app;
        Endpoint = endpoint!;
        PeerEndpoint = peer;
        NodeId = nodeId;
        Zone = zone;
    }

    /// <summary>On a follower: completes once its metadata copy has arrived (it serves reads from then on), or after
    /// <paramref name="timeout"/> (false). True at once on the metadata node.</summary>
    public async Task<bool> WaitForMetadataCopyAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_app.Services.GetService<MetadataFollower>() is not { } follower)
        {
            return true;
        }
        try
        {
            await follower.FirstCopy.WaitAsync(timeout, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The zone the node is in.</summary>
    public string Zone { get; }

    /// <summary>The S3 listener (null on a peer-only node).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The S3 endpoint URL clients use (path-style), e.g. http://127.0.0.1:9000.</summary>
    public string Url => $"http://{Endpoint}";

    /// <summary>The peer listener (chunk API), when the node has one.</summary>
    public IPEndPoint? PeerEndpoint { get; }

    /// <summary>The storage node id, when the node replicates.</summary>
    public string? NodeId { get; }

    public static async Task<ObjectStoreHost> StartAsync(ObjectStoreOptions options, Action<ILoggingBuilder> logging, CancellationToken ct)
    {
        Directory.CreateDirectory(options.DataDirectory);
        if (options.PeerPort is not null && options.ControlPlane is not null)
        {
            MetadataFollower.PrepareDataDirectory(options.DataDirectory, follower: !options.MetadataNode);
        }
        var builder = RoleWebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        ListenOptions? listener = null;
        ListenOptions? peerListener = null;
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
            if (options.ServeS3)
            {
                k.Listen(IPAddress.Parse(options.ListenAddress), options.Port, l =>
                {
                    l.Protocols = HttpProtocols.Http1;
                    listener = l;
                });
            }
            if (options.PeerPort is { } peerPort)
            {
                k.Listen(IPAddress.Parse(options.ListenAddress), peerPort, l =>
                {
                    l.Protocols = HttpProtocols.Http1;
                    peerListener = l;
                });
            }
        });
        builder.Services.AddObjectStore(options);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownGrace);
        var app = builder.Build();
        try
        {
            var s3 = options.ServeS3 ? app.Services.GetRequiredService<S3RequestHandler>() : null;
            var peer = app.Services.GetService<PeerRequestHandler>();
            if (s3 is not null && options.MetadataNode)
            {
                // Chunk files no committed version refers to (a crash between staging and commit) go before the first
                // request. Only where the metadata is decided: a follower's copy may lag behind a commit.
                var engine = app.Services.GetRequiredService<ObjectEngine>();
                await app.Services.GetRequiredService<LocalDataStore>().SweepOrphansAsync(engine.CollectReferencedChunkIds(), ct).ConfigureAwait(false);
            }
            // One app, two listeners: the peer API answers on its own port only, S3 on the other.
            app.Run(context => peer is not null && context.Connection.LocalPort == peerListener!.IPEndPoint!.Port
                ? peer.InvokeAsync(context)
                : s3 is not null ? s3.InvokeAsync(context) : Task.CompletedTask);
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // A fixed port is the one that can clash (0 never does); the S3 port when both are fixed.
                throw options.ServeS3 && options.Port != 0 ? new PortInUseException("s3", options.Port, ex) : new PortInUseException("peer", options.PeerPort ?? 0, ex);
            }
            if (app.Services.GetService<NodeIdentity>() is { } identity)
            {
                identity.Bind(new Uri($"http://{peerListener!.IPEndPoint}/"), listener is null ? null : new Uri($"http://{listener.IPEndPoint}/"));
                // Known to the others before this returns, and knowing them: a bucket created next counts every zone.
                await app.Services.GetRequiredService<StorageNodeRegistrar>().Registered.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
                await app.Services.GetRequiredService<StorageNodeFollower>().Loaded.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
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
        return new ObjectStoreHost(app, listener?.IPEndPoint, peerListener?.IPEndPoint, app.Services.GetService<NodeIdentity>()?.Id, options.Zone);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
