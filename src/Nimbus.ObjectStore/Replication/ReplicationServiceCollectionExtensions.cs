using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Client;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Replication;

internal static class ReplicationServiceCollectionExtensions
{
    /// <summary>A storage node among others: its identity and registration, the follower of the other nodes, replicated
    /// writes with their catch-up queue, reads and repairs from replicas, the peer chunk API, and the metadata's change feed
    /// (served by the metadata node, followed by every other node). Call before
    /// <c>AddObjectStore</c>: the data store picks the replica source and replication registered here.</summary>
    public static IServiceCollection AddReplication(this IServiceCollection services, ObjectStoreOptions options, Uri controlPlane)
    {
        var directory = options.DataDirectory;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new NimbusClient(controlPlane, options.Token));
        services.TryAddSingleton(options.Replication);
        services.TryAddSingleton(_ => new NodeIdentity(NodeIdentity.LoadOrCreateId(directory), options.Zone, metadata: options.MetadataNode));
        services.TryAddSingleton(_ => new ChunkPaths(directory));
        services.TryAddSingleton(_ => new CatchUpQueue(directory));
        services.TryAddSingleton(sp => new PeerChunkStore(directory, sp.GetRequiredService<ChunkPaths>()));
        services.TryAddSingleton<IChunkPeers>(sp => new PeerClient(options.Token, options.Replication));
        services.TryAddSingleton<StorageNodeFollower>();
        services.TryAddSingleton<IStorageNodeView>(sp => sp.GetRequiredService<StorageNodeFollower>());
        services.AddHostedService(sp => sp.GetRequiredService<StorageNodeFollower>());
        services.TryAddSingleton<StorageNodeRegistrar>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageNodeRegistrar>());
        services.TryAddSingleton<IChunkReplicaSource, PeerChunkReplicas>();
        services.TryAddSingleton<IChunkReplication, ChunkReplicator>();
        services.TryAddSingleton<CatchUpReplicator>();
        services.AddHostedService(sp => sp.GetRequiredService<CatchUpReplicator>());
        if (options.MetadataNode)
        {
            // The metadata node: its followers' acknowledgements make the engine's write quorum; it serves its change log.
            services.TryAddSingleton<MetadataAcks>();
            services.TryAddSingleton<MetadataFeed>();
            services.AddHostedService(sp => sp.GetRequiredService<MetadataFeed>());
        }
        else
        {
            services.TryAddSingleton(sp => new MetadataFollower(directory, sp.GetRequiredService<NodeIdentity>(), sp.GetRequiredService<IStorageNodeView>(),
                sp.GetRequiredService<IChunkPeers>(), options.Replication, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MetadataFollower>>(),
                options.ServeS3 ? sp.GetRequiredService<Engine.ObjectEngine>() : null, sp.GetRequiredService<LocalDataStore>()));
            services.AddHostedService(sp => sp.GetRequiredService<MetadataFollower>());
            if (options.ServeS3)
            {
                services.TryAddSingleton<S3.IWriteForwarder, WriteForwarder>();
            }
        }
        services.TryAddSingleton(sp => new PeerRequestHandler(options.Token, sp.GetRequiredService<PeerChunkStore>(),
            sp.GetRequiredService<ChunkScrubber>(), options.Replication, sp.GetRequiredService<TimeProvider>(), sp.GetService<MetadataFeed>(),
            sp.GetService<Nimbus.Api.Telemetry.MetricsCollector>()));
        return services;
    }
}
