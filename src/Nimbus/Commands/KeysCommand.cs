using System.CommandLine;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.Cli;
using Nimbus.Hosting;
using Spectre.Console;

namespace Nimbus.Commands;

/// <summary><c>nimbus keys create|list|delete</c>: S3 access keys. Until IAM, a key may use every bucket of its project.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "S3 access keys for the object store (nimbus up makes a root key: see <data>/aws-credentials)");
        command.Add(CreateKey());
        command.Add(List());
        command.Add(Delete());
        return command;
    }

    private static Command CreateKey()
    {
        var description = new Option<string?>("--description", "-d") { Description = "What the key is for, shown by 'nimbus keys list'" };
        var profile = new Option<string>("--profile") { Description = "AWS profile name in the printed 'aws configure' lines", DefaultValueFactory = _ => "nimbus-key" };
        var command = new Command("create", "Make an access key and print its secret (shown this once only)") { description, profile };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var key = await client.CreateAccessKeyAsync(result.GetValue(description), ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(key, NimbusJson.Default.AccessKeyInfo);
                return ExitCodes.Ok;
            }
            var name = result.GetValue(profile)!;
            Console.Out.WriteLine($"access key id      {key.AccessKeyId}");
            Console.Out.WriteLine($"secret access key  {key.SecretAccessKey}");
            Console.Out.WriteLine();
            Output.Info("the secret is shown only now; keep it somewhere safe. To use the key with the AWS CLI:");
            Console.Out.WriteLine($"aws configure set aws_access_key_id {key.AccessKeyId} --profile {name}");
            Console.Out.WriteLine($"aws configure set aws_secret_access_key {key.SecretAccessKey} --profile {name}");
            Console.Out.WriteLine($"aws configure set region {AwsProfile.Region} --profile {name}");
            if (EndpointsFile.TryRead(GlobalOptions.DataDirectory(result))?.S3 is { } s3)
            {
                Console.Out.WriteLine($"aws configure set endpoint_url {s3} --profile {name}");
                Output.Info($"then: aws --profile {name} s3 ls   (AWS CLI before 2.13 ignores endpoint_url: add --endpoint-url {s3})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Access keys with their description (never their secrets)");
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var keys = await client.ListAccessKeysAsync(ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(keys.Items, NimbusJson.Default.ListAccessKeyInfo);
                return ExitCodes.Ok;
            }
            if (keys.Items.Count == 0)
            {
                Console.Out.WriteLine("No access keys. Make one with: nimbus keys create --description WHAT-FOR");
                return ExitCodes.Ok;
            }
            var now = DateTimeOffset.UtcNow;
            var table = new Table().AddColumns("ID", "DESCRIPTION", "CREATED");
            foreach (var key in keys.Items)
            {
                table.AddRow(Markup.Escape(key.AccessKeyId), Markup.Escape(key.Description.Length > 0 ? key.Description : "-"), Output.Ago(key.Created, now) + " ago");
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete()
    {
        var id = new Argument<string>("id") { Description = "Access key id (NK…), as 'nimbus keys list' shows it" };
        var command = new Command("delete", "Delete an access key: requests signed with it are refused from then on") { id };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var keyId = result.GetValue(id)!.Trim();
            if (!AccessKeyIds.IsValidId(keyId))
            {
                throw new CliException(ExitCodes.InvalidInput, $"'{keyId}' is not an access key id ({AccessKeyIds.Rule}); 'nimbus keys list' shows them");
            }
            await client.DeleteAccessKeyAsync(keyId, ct);
            Output.Info($"access key {keyId} deleted; requests signed with it are refused from now on");
            return ExitCodes.Ok;
        });
        return command;
    }
}
