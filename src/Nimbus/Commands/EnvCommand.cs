using System.CommandLine;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Cli;
using Spectre.Console;

namespace Nimbus.Commands;

/// <summary><c>nimbus env set|unset|list</c>: a change of env is a new release, rolled out like a deploy.</summary>
internal static class EnvCommand
{
    public static Command Create()
    {
        var command = new Command("env", "Show or change an app's environment (each change is a new release)");
        command.Add(Set());
        command.Add(Unset());
        command.Add(List());
        return command;
    }

    private static Command Set()
    {
        var app = AppArgument.Create();
        var pairs = new Argument<string[]>("pairs") { Description = "NAME=value pairs", Arity = ArgumentArity.OneOrMore };
        var command = new Command("set", "Set variables and roll out a new release") { app, pairs };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var changes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in result.GetValue(pairs)!)
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0 || !Names.IsValidEnvName(pair[..eq]))
                {
                    throw new CliException(ExitCodes.InvalidInput, $"'{pair}' is not NAME=value (names are a letter or '_' then letters, digits or '_')");
                }
                changes[pair[..eq]] = pair[(eq + 1)..];
            }
            return await ChangeAsync(client, result.GetValue(app)!, env =>
            {
                foreach (var (k, v) in changes)
                {
                    env[k] = v;
                }
            }, "env set " + string.Join(' ', changes.Keys), ct);
        });
        return command;
    }

    private static Command Unset()
    {
        var app = AppArgument.Create();
        var names = new Argument<string[]>("names") { Description = "Variable names", Arity = ArgumentArity.OneOrMore };
        var command = new Command("unset", "Remove variables and roll out a new release") { app, names };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var keys = result.GetValue(names)!;
            return await ChangeAsync(client, result.GetValue(app)!, env =>
            {
                foreach (var key in keys)
                {
                    if (!env.Remove(key))
                    {
                        throw new CliException(ExitCodes.NotFound, $"'{key}' is not set ('nimbus env list' shows what is)");
                    }
                }
            }, "env unset " + string.Join(' ', keys), ct);
        });
        return command;
    }

    private static Command List()
    {
        var app = AppArgument.Create();
        var command = new Command("list", "Show the app's variables") { app };
        CommandAction.SetClient(command, async (result, client, ct) =>
        {
            var name = result.GetValue(app)!;
            var current = await Apps.RequireAsync(client, name, ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(current.Spec.Env, NimbusJson.Default.DictionaryStringString);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("NAME", "VALUE");
            foreach (var (k, v) in current.Spec.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(k), Markup.Escape(v));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> ChangeAsync(NimbusClient client, string name, Action<Dictionary<string, string>> change, string cause, CancellationToken ct)
    {
        var current = await Apps.RequireAsync(client, name, ct);
        var env = new Dictionary<string, string>(current.Spec.Env, StringComparer.Ordinal);
        change(env);
        var release = await client.CreateReleaseAsync(name, new CreateReleaseRequest { Env = env, Cause = cause }, ct);
        Output.Info($"{release.Spec.Label} created: {cause}");
        return await Rollout.WaitForReleaseAsync(client, name, release, TimeSpan.FromMinutes(5), ct);
    }
}
