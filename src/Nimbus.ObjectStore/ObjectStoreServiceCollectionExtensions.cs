using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.Keys;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Auth;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore;

public static class ObjectStoreServiceCollectionExtensions
{
    /// <summary>Everything an object-store node runs: the data store (chunk files, encryption, scrubbing), the metadata
    /// engine over it, SigV4 with the access keys followed from the control plane, and the S3 request pipeline.</summary>
    internal static IServiceCollection AddObjectStore(this IServiceCollection services, ObjectStoreOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        if (options.PeerPort is not null && options.ControlPlane is not null)
        {
            services.AddReplication(options, options.ControlPlane);
        }
        services.TryAddSingleton<IChunkReplicaSource, NoChunkReplicas>();
        services.TryAddSingleton(sp => new LocalDataStore(
            new DataStoreOptions { Directory = options.DataDirectory },
            sp.GetRequiredService<IChunkReplicaSource>(),
            sp.GetRequiredService<ILogger<LocalDataStore>>(),
            sp.GetService<IChunkReplication>()));
        services.TryAddSingleton<IDataStore>(sp => sp.GetRequiredService<LocalDataStore>());
        services.TryAddSingleton(sp => ObjectEngine.Open(
            new ObjectEngineOptions
            {
                DataDirectory = options.DataDirectory,
                // The one place a new bucket's copies are decided: one per zone with a live storage node, at most 3.
                NewBucketReplicas = sp.GetService<StorageNodeFollower>() is { } nodes ? () => nodes.Current.ReplicasForNewBucket : () => 1,
                // With followers, a write is answered once a majority of the metadata copies have it.
                Quorum = sp.GetService<MetadataAcks>(),
            },
            sp.GetRequiredService<IDataStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ObjectEngine>>()));
        services.TryAddSingleton<IObjectEngine>(sp => sp.GetRequiredService<ObjectEngine>());
        services.TryAddSingleton(new ChunkScrubberOptions());
        services.TryAddSingleton<ChunkScrubber>();
        services.AddHostedService(sp => sp.GetRequiredService<ChunkScrubber>());
        services.TryAddSingleton(new SigV4Options { Region = options.Region });
        services.TryAddSingleton<SigV4Verifier>();
        services.TryAddSingleton<RequestAuthentication>();
        services.TryAddSingleton<S3Dispatcher>();
        services.AddMetrics();
        services.TryAddSingleton(sp => Nimbus.Api.Telemetry.MetricsCollector.ForHost(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<S3Metrics>();
        services.TryAddSingleton<S3RequestHandler>();
        if (options.ControlPlane is not null && options.ServeS3)
        {
            services.AddAccessKeyFollower(options.ControlPlane, options.Token);
        }
        if (options.MetadataNode && options.PeerPort is not null && options.ControlPlane is not null)
        {
            // The metadata node knows which chunks are referenced: it sweeps the peers' orphans.
            services.TryAddSingleton(sp => new PeerOrphanSweeper(
                () => sp.GetRequiredService<ObjectEngine>().CollectReferencedChunkIds(),
                sp.GetRequiredService<LocalDataStore>().IsInProgress,
                sp.GetRequiredService<NodeIdentity>(),
                sp.GetRequiredService<IStorageNodeView>(),
                sp.GetRequiredService<IChunkPeers>(),
                options.Replication,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PeerOrphanSweeper>>()));
            services.AddHostedService(sp => sp.GetRequiredService<PeerOrphanSweeper>());
        }
        return services;
    }
}
