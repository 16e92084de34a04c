using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.Keys;

/// <summary>The S3 side's view of the control plane's access keys: lists them, then watches from the list's revision,
/// and lists again whenever the watch breaks (410 compacted, a silent stream, a dead control plane) with capped backoff.
/// Readers get an immutable snapshot swapped whole, so <see cref="TryGet"/> never blocks or sees half a change; a
/// deleted key disappears from it as soon as its watch event arrives.</summary>
internal sealed partial class AccessKeyFollower(NimbusClient client, TimeProvider time, ILogger<AccessKeyFollower> logger)
    : BackgroundService, ICredentialStore
{
    private const string Kind = "accesskeys";

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableDictionary<string, S3Credential> _credentials = ImmutableDictionary.Create<string, S3Credential>(StringComparer.Ordinal);

    /// <summary>Completes when the first list has been loaded: until then every key would look unknown, so the S3
    /// server should wait for this (bounded) before answering signed requests.</summary>
    public Task Loaded => _loaded.Task;

    public bool IsLoaded => _loaded.Task.IsCompleted;

    /// <summary>How many keys the current snapshot holds.</summary>
    public int Count => Volatile.Read(ref _credentials).Count;

    /// <summary>The revision the snapshot reflects (for diagnostics and tests).</summary>
    public long Revision { get; private set; }

    public bool TryGet(string accessKeyId, [NotNullWhen(true)] out S3Credential? credential) =>
        Volatile.Read(ref _credentials).TryGetValue(accessKeyId, out credential);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResourceFollower.RunAsync(client, Kind, ListAsync, Apply, ex => LogFollowBroken(client.BaseAddress.ToString(), ex.Message), time, stoppingToken);

    /// <summary>Replaces the snapshot with everything listed; returns the revision to watch from.</summary>
    private async Task<long> ListAsync(CancellationToken ct)
    {
        var list = await client.ListAccessKeyResourcesAsync(ct).ConfigureAwait(false);
        var builder = ImmutableDictionary.CreateBuilder<string, S3Credential>(StringComparer.Ordinal);
        foreach (var key in list.Items)
        {
            builder[key.Metadata.Name] = ToCredential(key);
        }
        Volatile.Write(ref _credentials, builder.ToImmutable());
        Revision = list.Revision;
        _loaded.TrySetResult();
        LogListed(builder.Count, list.Revision);
        return list.Revision;
    }

    /// <summary>Applies one watch change. Keys change rarely, so each change is published on its own.</summary>
    internal void Apply(WatchEvent change)
    {
        if (change.Kind != Kind)
        {
            if (change.Type == "bookmark")
            {
                Revision = Math.Max(Revision, change.Revision);
            }
            return;
        }
        var current = Volatile.Read(ref _credentials);
        if (change.Type == "delete")
        {
            Volatile.Write(ref _credentials, current.Remove(change.Name));
            LogKeyRemoved(change.Name);
        }
        else if (change.Type == "put" && change.Object is { } json && json.Deserialize(NimbusJson.Default.AccessKey) is { } key)
        {
            Volatile.Write(ref _credentials, current.SetItem(key.Metadata.Name, ToCredential(key)));
        }
        Revision = change.Revision;
    }

    private static S3Credential ToCredential(AccessKey key) => new(key.Metadata.Name, key.Spec.Secret, key.Metadata.Project);
}
