using System.CommandLine;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

/// <summary><c>nimbus domains add|list|remove</c>: custom host names for apps, optionally with their own certificate.</summary>
internal static class DomainsCommand
{
    public static Command Create()
    {
        var command = new Command("domains", "Custom domains: route more host names to an app (APP.localhost and APP.<cloud domain> work already)");
        command.Add(Add());
        command.Add(List());
        command.Add(Remove());
        return command;
    }

    private static Command Add()
    {
        var app = AppArgument.Create();
        var host = new Argument<string>("host") { Description = "Host name, e.g. www.example.com" };
        var cert = new Option<FileInfo?>("--cert") { Description = "PEM certificate (chain allowed, the host's own first) instead of one from the local CA" };
        var key = new Option<FileInfo?>("--key") { Description = "PEM private key of --cert (unencrypted)" };
        var command = new Command("add", "Route HOST to APP; its certificate comes from the local CA unless --cert and --key are given") { app, host, cert, key };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var certFile = result.GetValue(cert);
            var keyFile = result.GetValue(key);
            if ((certFile is null) != (keyFile is null))
            {
                throw new CliException(ExitCodes.InvalidInput, "--cert and --key go together: give both files, or neither to use the local CA");
            }
            var name = HostNames.Normalize(result.GetValue(host), out var error)
                ?? throw new CliException(ExitCodes.InvalidInput, $"host {error}");
            var request = new PutDomainRequest
            {
                App = result.GetValue(app)!,
                CertificatePem = certFile is null ? null : ReadPem(certFile, "--cert"),
                KeyPem = keyFile is null ? null : ReadPem(keyFile, "--key"),
            };
            var domain = await client.PutDomainAsync(name, request, ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(domain, NimbusJson.Default.Domain);
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"{domain.Metadata.Name} → {domain.Spec.App} ({Certificate(domain)})");
            Output.Info($"point {domain.Metadata.Name}'s DNS at the edge; 'nimbus domains list' shows every domain");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var app = new Argument<string?>("app") { Description = "Only this app's domains", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "Custom domains with their app and certificate") { app };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var domains = await client.ListDomainsAsync(result.GetValue(app), ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(domains.Items, NimbusJson.Default.ListDomain);
                return ExitCodes.Ok;
            }
            if (domains.Items.Count == 0)
            {
                Console.Out.WriteLine("No custom domains. Add one with: nimbus domains add APP HOST");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("HOST", "APP", "CERTIFICATE");
            foreach (var domain in domains.Items)
            {
                table.AddRow(Markup.Escape(domain.Metadata.Name), Markup.Escape(domain.Spec.App), Markup.Escape(Certificate(domain)));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove()
    {
        var host = new Argument<string>("host") { Description = "Host name to remove" };
        var command = new Command("remove", "Stop routing HOST (its custom certificate and key are deleted)") { host };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var domain = await client.DeleteDomainAsync(result.GetValue(host)!.Trim().ToLowerInvariant().TrimEnd('.'), ct);
            Output.Info($"{domain.Metadata.Name} no longer routes to {domain.Spec.App}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Certificate(Domain domain) => domain.Spec.CustomCertificate
        ? $"custom, until {domain.Spec.CertificateNotAfter:yyyy-MM-dd}"
        : "local CA";

    private static string ReadPem(FileInfo file, string option)
    {
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{option}: cannot read {file.FullName} ({ex.Message})");
        }
    }
}
