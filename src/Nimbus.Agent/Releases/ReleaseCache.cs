using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Nimbus.Agent.Interop;
using Nimbus.Agent.Logs;
using Nimbus.Agent.Runtime;
using Nimbus.Api;
using Nimbus.Api.Bundles;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Releases;

/// <summary>Gets a release ready to run on this node, once per release: fetch the bundle, check its digest,
/// unpack it safely, run the build command. Concurrent callers share one preparation.</summary>
internal sealed partial class ReleaseCache(NimbusClient client, AgentPaths paths, AgentOptions options, ILogger<ReleaseCache> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PreparedRelease>>> _prepared = new(StringComparer.Ordinal);

    public Task<PreparedRelease> PrepareAsync(string releaseName, CancellationToken ct)
    {
        var lazy = _prepared.GetOrAdd(releaseName, name => new Lazy<Task<PreparedRelease>>(() => PrepareCoreAsync(name, ct)));
        var task = lazy.Value;
        // A failure is not cached for ever: the next instance of the release tries again.
        _ = task.ContinueWith(t => _prepared.TryRemove(new KeyValuePair<string, Lazy<Task<PreparedRelease>>>(releaseName, lazy)), CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        return task;
    }

    /// <summary>Deletes unpacked releases no instance here uses any more (the bundle stays, so a rollback re-extracts
    /// without a download). Releases being prepared are left alone.</summary>
    public int Prune(IReadOnlySet<string> inUse)
    {
        var pruned = 0;
        if (!Directory.Exists(paths.Releases))
        {
            return 0;
        }
        foreach (var appDir in Directory.EnumerateDirectories(paths.Releases))
        {
            foreach (var releaseDir in Directory.EnumerateDirectories(appDir))
            {
                var release = Path.GetFileName(releaseDir);
                if (inUse.Contains(release) || (_prepared.TryGetValue(release, out var lazy) && !(lazy.IsValueCreated && lazy.Value.IsCompleted)))
                {
                    continue;
                }
                _prepared.TryRemove(release, out _);
                File.Delete(releaseDir + ".built");
                Directory.Delete(releaseDir, recursive: true);
                pruned++;
            }
        }
        if (pruned > 0)
        {
            PruneBundles();
        }
        return pruned;
    }

    /// <summary>Bundle files no unpacked release came from (a later rollback downloads again) — unless a release is
    /// being prepared right now, which may be about to use one.</summary>
    private void PruneBundles()
    {
        if (!Directory.Exists(paths.Bundles) || _prepared.Values.Any(l => !(l.IsValueCreated && l.Value.IsCompleted)))
        {
            return;
        }
        var needed = Directory.EnumerateFiles(paths.Releases, "*.built", SearchOption.AllDirectories)
            .Select(m => File.ReadAllText(m).Trim())
            .Where(d => d.StartsWith("sha256:", StringComparison.Ordinal))
            .Select(d => d[7..] + ".tar.gz")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(paths.Bundles, "*.tar.gz"))
        {
            // A file written in the last minute may belong to a preparation that started after the check above.
            if (!needed.Contains(Path.GetFileName(file)) && DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > TimeSpan.FromMinutes(1))
            {
                File.Delete(file);
            }
        }
    }

    private async Task<PreparedRelease> PrepareCoreAsync(string releaseName, CancellationToken ct)
    {
        var release = await client.GetAsync("releases", releaseName, NimbusJson.Default.Release, ct).ConfigureAwait(false);
        var app = release.Spec.App;
        var directory = paths.ReleaseDirectory(app, releaseName);
        var marker = paths.BuildMarker(app, releaseName);
        var runAs = AppUser.Resolve();
        var home = paths.HomeOf(app);
        Directory.CreateDirectory(home);
        Own(home, runAs);
        if (File.Exists(marker) && Directory.Exists(directory))
        {
            return new PreparedRelease(release, directory, home);
        }
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        await FetchAndExtractAsync(release, directory, ct).ConfigureAwait(false);
        OwnTree(directory, runAs);
        var build = release.Spec.Manifest.Build;
        if (!string.IsNullOrWhiteSpace(build))
        {
            LogBuilding(releaseName, build);
            var env = InstanceEnvironment.Build(release, home, port: null, instanceId: null);
            var log = new InstanceLogWriter(paths.LogsOf(app), $"build-{releaseName}");
            try
            {
                var result = await CommandRunner.RunAsync(build, directory, env, runAs, log, options.BuildTimeout, ct).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    throw new ReleasePreparationException($"build command '{build}' failed ({result.Exit}):\n{string.Join('\n', result.Output)}");
                }
            }
            finally
            {
                log.Dispose();
            }
        }
        // The marker names the bundle the release came from, so pruning knows which bundle files are still needed.
        await File.WriteAllTextAsync(marker, release.Spec.Bundle + "\n", ct).ConfigureAwait(false);
        return new PreparedRelease(release, directory, home);
    }

    private async Task FetchAndExtractAsync(Release release, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Bundles);
        var bundlePath = Path.Combine(paths.Bundles, release.Spec.Bundle[7..] + ".tar.gz");
        if (!File.Exists(bundlePath) || await DigestOfAsync(bundlePath, ct).ConfigureAwait(false) != release.Spec.Bundle)
        {
            var temp = bundlePath + $".{Guid.NewGuid():N}.part";
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    await client.DownloadBundleAsync(release.Spec.Bundle, file, ct).ConfigureAwait(false);
                }
                var actual = await DigestOfAsync(temp, ct).ConfigureAwait(false);
                if (actual != release.Spec.Bundle)
                {
                    throw new ReleasePreparationException($"bundle download hashed to {actual}, expected {release.Spec.Bundle}; refusing to run it");
                }
                File.Move(temp, bundlePath, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        await using var bundle = File.OpenRead(bundlePath);
        try
        {
            await BundleExtractor.ExtractAsync(bundle, directory, new BundleLimits(), ct).ConfigureAwait(false);
        }
        catch (InvalidBundleException ex)
        {
            throw new ReleasePreparationException($"bundle {release.Spec.Bundle} is unsafe to unpack: {ex.Message}");
        }
    }

    private static async Task<string> DigestOfAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct).ConfigureAwait(false));
    }

    private static void Own(string path, (int Uid, int Gid)? runAs)
    {
        if (runAs is { } user)
        {
            LibC.Chown(path, user.Uid, user.Gid);
        }
    }

    private static void OwnTree(string root, (int Uid, int Gid)? runAs)
    {
        if (runAs is null)
        {
            return;
        }
        Own(root, runAs);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            Own(entry, runAs);
        }
    }
}
