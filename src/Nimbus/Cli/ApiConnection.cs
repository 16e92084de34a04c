using System.CommandLine;
using System.Text.Json;
using Nimbus.Api;
using Nimbus.Api.Client;

namespace Nimbus.Cli;

/// <summary>Finds the API for a client command: NIMBUS_API + NIMBUS_TOKEN, or --data / NIMBUS_DATA / ~/.nimbus
/// (endpoints.json and credentials written by <c>nimbus up</c>).</summary>
internal static class ApiConnection
{
    public static NimbusClient Open(ParseResult result)
    {
        var api = Environment.GetEnvironmentVariable("NIMBUS_API");
        var token = Environment.GetEnvironmentVariable("NIMBUS_TOKEN");
        var explicitData = result.GetValue(GlobalOptions.Data);
        if (explicitData is null && !string.IsNullOrEmpty(api) && !string.IsNullOrEmpty(token))
        {
            return new NimbusClient(new Uri(api.TrimEnd('/') + "/"), token);
        }
        var data = GlobalOptions.DataDirectory(result);
        var endpointsPath = Path.Combine(data, "endpoints.json");
        var credentialsPath = Path.Combine(data, "credentials");
        if (!File.Exists(endpointsPath) || !File.Exists(credentialsPath))
        {
            throw new CliException(ExitCodes.Unreachable,
                $"no running Nimbus found in {data} (no endpoints.json/credentials). Start one with './nimbus up', pass --data DIR, or set NIMBUS_API and NIMBUS_TOKEN.");
        }
        var endpoints = JsonSerializer.Deserialize(File.ReadAllText(endpointsPath), NimbusJson.Default.Endpoints)
            ?? throw new CliException(ExitCodes.Unreachable, $"{endpointsPath} is empty");
        var secret = File.ReadAllText(credentialsPath).Trim();
        return new NimbusClient(new Uri(endpoints.Api.TrimEnd('/') + "/"), secret);
    }
}
