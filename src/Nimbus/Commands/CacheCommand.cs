using System.CommandLine;
using Nimbus.Api;
using Nimbus.Cli;

namespace Nimbus.Commands;

/// <summary><c>nimbus cache purge APP [PATH]</c>: drop an app's responses from every edge's HTTP cache.</summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var app = AppArgument.Create();
        var path = new Argument<string?>("path") { Description = "Only responses whose path starts with this (e.g. /static/); default: all of the app's", Arity = ArgumentArity.ZeroOrOne };
        var purge = new Command("purge", "Remove an app's cached responses from every edge (all, or those under PATH)") { app, path };
        CommandAction.SetClient(purge, async (result, client, ct) =>
        {
            var name = result.GetValue(app)!;
            var prefix = result.GetValue(path);
            if (prefix is { Length: > 0 } && prefix[0] != '/')
            {
                throw new CliException(ExitCodes.InvalidInput, $"PATH '{prefix}' must start with '/', e.g. /static/");
            }
            var purged = await client.PurgeCacheAsync(name, prefix, ct);
            if (GlobalOptions.Json(result))
            {
                Output.Json(purged, NimbusJson.Default.CachePurgeResult);
            }
            else
            {
                Console.Out.WriteLine($"purged {purged.Removed} cached response{(purged.Removed == 1 ? "" : "s")} of {name}{(prefix is { Length: > 0 } ? " under " + prefix : "")} on {purged.Edges} edge{(purged.Edges == 1 ? "" : "s")}");
            }
            return ExitCodes.Ok;
        });
        return new Command("cache", "The edges' HTTP cache (turn it on per app with 'edge: cache: true' in nimbus.yaml)") { purge };
    }
}
