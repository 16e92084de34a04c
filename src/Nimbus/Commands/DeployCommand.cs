using System.CommandLine;
using Nimbus.Api.Bundles;
using Nimbus.Api.Client;
using Nimbus.Api.Contracts;
using Nimbus.Api.Manifests;
using Nimbus.Api.Resources;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

/// <summary><c>nimbus deploy DIR</c>: pack, upload (content-addressed), make a release, follow the rollout.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The app's folder (with nimbus.yaml or a Procfile)" };
        var name = new Option<string?>("--name") { Description = "App name (default: the manifest's name, else the folder's)" };
        var instances = new Option<int?>("--instances", "-i") { Description = "How many instances to run" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the new release to be ready", DefaultValueFactory = _ => "5m" };
        var command = new Command("deploy", "Deploy a folder as a new release and wait until it serves") { directory, name, instances, timeout };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var dir = Path.GetFullPath(result.GetValue(directory)!);
            if (!Directory.Exists(dir))
            {
                throw new CliException(ExitCodes.InvalidInput, $"{dir} is not a folder");
            }
            var count = result.GetValue(instances);
            if (count is < 0 or > 100)
            {
                throw new CliException(ExitCodes.InvalidInput, "--instances must be between 0 and 100");
            }
            var wait = UpCommand.Duration(result.GetValue(timeout)!, "--timeout");
            var loaded = ManifestLoader.Load(dir, result.GetValue(name));
            if (!loaded.Succeeded)
            {
                foreach (var error in loaded.Errors)
                {
                    Output.Fail(error.ToString());
                }
                Output.Info("nothing was deployed; fix the manifest and run deploy again");
                return ExitCodes.InvalidInput;
            }
            var manifest = loaded.Manifest!;
            Output.Info($"deploying {manifest.Name} from {dir} ({loaded.SourceFile})");

            var packed = await Bundle.PackToTempFileAsync(dir, null, ct);
            try
            {
                foreach (var warning in packed.Contents.Warnings)
                {
                    Output.Error.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
                }
                Output.Info($"packed {packed.Contents.FileCount} files ({Quantities.FormatBytes(packed.Contents.UncompressedBytes)}) into {Quantities.FormatBytes(packed.Size)}, {packed.Digest[..19]}…");
                if (await client.BundleExistsAsync(packed.Digest, ct))
                {
                    Output.Info("bundle already uploaded");
                }
                else
                {
                    await UploadAsync(client, packed, ct);
                }
            }
            finally
            {
                File.Delete(packed.Path!);
            }

            var release = await client.CreateReleaseAsync(manifest.Name, new CreateReleaseRequest
            {
                Bundle = packed.Digest,
                Manifest = manifest,
                Instances = count,
                Cause = "deploy",
            }, ct);
            Output.Info($"{release.Spec.Label} created; rolling out");
            return await Rollout.WaitForReleaseAsync(client, manifest.Name, release, wait, ct);
        });
        return command;
    }

    private static async Task UploadAsync(NimbusClient client, PackedBundle packed, CancellationToken ct)
    {
        await using var file = File.OpenRead(packed.Path!);
        if (Console.IsErrorRedirected)
        {
            await client.UploadBundleAsync(packed.Digest, file, packed.Size, null, ct);
            Output.Info($"uploaded {Quantities.FormatBytes(packed.Size)}");
            return;
        }
        await Output.Error.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("upload", maxValue: Math.Max(1, packed.Size));
                await client.UploadBundleAsync(packed.Digest, file, packed.Size, new Progress<long>(sent => task.Value = sent), ct);
                task.Value = task.MaxValue;
            });
    }
}
