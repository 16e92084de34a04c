using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Bundles;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Apps;

/// <summary>Makes releases: deploys (new code), config changes (env) and rollbacks. The app and its new
/// release are written in one transaction, so versions never skip or repeat.</summary>
internal sealed class ReleaseService(
    IStateStore store,
    ResourceRepository<App> apps,
    ResourceRepository<Release> releases,
    BlobStore blobs,
    EventRecorder events)
{
    public async Task<ReleaseOutcome> CreateAsync(string project, string appName, CreateReleaseRequest request, CancellationToken cancellationToken)
    {
        var errors = Validate(appName, request);
        if (errors.Count > 0)
        {
            return ReleaseOutcome.Invalid(errors);
        }
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var app = await apps.GetAsync(project, appName, cancellationToken).ConfigureAwait(false);
            if (app is null && request.Bundle is null)
            {
                return ReleaseOutcome.Missing($"app '{appName}' does not exist; deploy it first with 'nimbus deploy DIR'");
            }
            if (app?.Metadata.DeletionRequested is not null)
            {
                return ReleaseOutcome.Conflict($"app '{appName}' is being destroyed; wait for that to finish, then deploy again");
            }
            var isNew = app is null;
            app ??= new App { Metadata = new ObjectMeta { Project = project, Name = appName } };

            Release? latest = null;
            if (app.Status.LatestVersion > 0)
            {
                latest = await releases.GetAsync(project, Release.ResourceName(appName, app.Status.LatestVersion), cancellationToken).ConfigureAwait(false);
            }
            if (request.Bundle is null && latest is null)
            {
                return ReleaseOutcome.Missing($"app '{appName}' has no release to copy; deploy it first");
            }

            var manifest = request.Manifest ?? latest!.Spec.Manifest;
            if (request.Env is not null)
            {
                app.Spec.Env = new Dictionary<string, string>(request.Env, StringComparer.Ordinal);
            }
            if (request.Instances is { } count)
            {
                app.Spec.Instances = count;
            }
            else if (isNew)
            {
                // An app that scales to zero still starts with one instance: the deploy proves the release runs.
                app.Spec.Instances = manifest.Autoscale is { } autoscale
                    ? Math.Clamp(manifest.Instances ?? Math.Max(1, autoscale.Min), autoscale.Min, autoscale.Max)
                    : manifest.Instances ?? 1;
            }
            else if (app.Spec.Instances == 0 && manifest.Autoscale is { Min: 0 })
            {
                // Scaled to zero: a new release (deploy, env set, rollback) still has to prove it runs before it goes
                // live; the autoscaler takes it back to zero after its window.
                app.Spec.Instances = 1;
            }

            var version = app.Status.LatestVersion + 1;
            var release = new Release
            {
                Metadata = new ObjectMeta { Project = project, Name = Release.ResourceName(appName, version), Labels = { ["app"] = appName } },
                Spec = new ReleaseSpec
                {
                    App = appName,
                    Version = version,
                    Bundle = request.Bundle ?? latest!.Spec.Bundle,
                    BundleSize = request.Bundle is null ? latest!.Spec.BundleSize : blobs.Size(request.Bundle),
                    Manifest = manifest,
                    Env = MergeEnv(manifest.Env, app.Spec.Env),
                    AppEnv = new Dictionary<string, string>(app.Spec.Env, StringComparer.Ordinal),
                    Cause = request.Cause ?? (request.Bundle is null ? "config change" : "deploy"),
                },
            };
            app.Spec.Release = release.Spec.Label;
            app.Status.LatestVersion = version;
            app.Status.Phase = AppPhase.Deploying;
            app.Status.Message = $"rolling out {release.Spec.Label}";

            var result = await store.TxnAsync([isNew ? apps.CreateOp(app) : apps.UpdateOp(app), releases.CreateOp(release)], cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                await events.NormalAsync($"app/{appName}", appName, "ReleaseCreated", $"{release.Spec.Label} created ({release.Spec.Cause})", cancellationToken).ConfigureAwait(false);
                release.Metadata.ResourceVersion = result.Revision;
                return ReleaseOutcome.Created(release);
            }
        }
        return ReleaseOutcome.Conflict($"app '{appName}' kept changing while the release was made; try again");
    }

    public async Task<ReleaseOutcome> RollbackAsync(string project, string appName, RollbackRequest request, CancellationToken cancellationToken)
    {
        var app = await apps.GetAsync(project, appName, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return ReleaseOutcome.Missing($"app '{appName}' does not exist");
        }
        var (all, _) = await releases.ListAsync(project, cancellationToken).ConfigureAwait(false);
        var history = all.Where(r => r.Spec.App == appName).OrderBy(r => r.Spec.Version).ToList();
        Release? target;
        if (request.To is { } to)
        {
            target = history.FirstOrDefault(r => r.Spec.Label == to || r.Metadata.Name == to);
            if (target is null)
            {
                return ReleaseOutcome.Missing($"app '{appName}' has no release '{to}'; it has {string.Join(", ", history.Select(r => r.Spec.Label))}");
            }
        }
        else
        {
            var current = history.FirstOrDefault(r => r.Spec.Label == (app.Status.CurrentRelease.Length > 0 ? app.Status.CurrentRelease : app.Spec.Release));
            var currentVersion = current?.Spec.Version ?? int.MaxValue;
            target = history.LastOrDefault(r => r.Spec.Version < currentVersion && r.Status.Phase != ReleasePhase.Failed);
            if (target is null)
            {
                return ReleaseOutcome.Conflict($"app '{appName}' has no earlier working release to roll back to");
            }
        }
        return await CreateAsync(project, appName, new CreateReleaseRequest
        {
            Bundle = target.Spec.Bundle,
            Manifest = target.Spec.Manifest,
            Env = target.Spec.AppEnv,
            Cause = $"rollback to {target.Spec.Label}",
        }, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, string> MergeEnv(Dictionary<string, string> manifestEnv, Dictionary<string, string> appEnv)
    {
        var env = new Dictionary<string, string>(manifestEnv, StringComparer.Ordinal);
        foreach (var (key, value) in appEnv)
        {
            env[key] = value;
        }
        return env;
    }

    private Dictionary<string, string[]> Validate(string appName, CreateReleaseRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Names.IsValid(appName))
        {
            errors["name"] = [$"'{appName}' is not a valid app name: {Names.Rule}"];
        }
        if (request.Bundle is { } bundle)
        {
            if (!BlobStore.IsDigest(bundle))
            {
                errors["bundle"] = ["expected 'sha256:' and 64 lower-case hex digits"];
            }
            else if (!blobs.Exists(bundle))
            {
                errors["bundle"] = [$"bundle {bundle} has not been uploaded; PUT it to /v1/bundles/{bundle} first"];
            }
            if (request.Manifest is null)
            {
                errors["manifest"] = ["a deploy with a bundle needs the app's manifest"];
            }
        }
        if (request.Manifest is { } manifest)
        {
            ManifestRules.Validate(manifest, errors);
        }
        if (request.Env is { } env)
        {
            foreach (var key in env.Keys.Where(k => !Names.IsValidEnvName(k)))
            {
                errors[$"env.{key}"] = ["environment variable names are a letter or '_' followed by letters, digits or '_'"];
            }
        }
        if (request.Instances is < 0 or > 100)
        {
            errors["instances"] = ["must be between 0 and 100"];
        }
        return errors;
    }
}
