using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Nimbus.Api.Client;

namespace Nimbus.Cli;

/// <summary>Runs a command's body and turns failures into a message on stderr and a documented exit code.</summary>
internal static class CommandAction
{
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction((result, ct) => RunAsync(result, ct, body));

    /// <summary>For client commands: opens the API connection for the body.</summary>
    public static void SetClient(Command command, Func<ParseResult, NimbusClient, CancellationToken, Task<int>> body) =>
        Set(command, async (result, ct) =>
        {
            using var client = ApiConnection.Open(result);
            return await body(result, client, ct);
        });

    private static async Task<int> RunAsync(ParseResult result, CancellationToken ct, Func<ParseResult, CancellationToken, Task<int>> body)
    {
        try
        {
            return await body(result, ct);
        }
        catch (CliException ex)
        {
            Output.Fail(ex.Message);
            return ex.ExitCode;
        }
        catch (NimbusApiException ex)
        {
            Output.Fail(ex.Message);
            return ex.Status switch
            {
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                HttpStatusCode.Conflict => ExitCodes.Conflict,
                HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => ExitCodes.InvalidInput,
                HttpStatusCode.Unauthorized => ExitCodes.Unreachable,
                _ => ExitCodes.Error,
            };
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            Output.Fail($"cannot reach the Nimbus API ({ex.Message}). Is 'nimbus up' running? Check --data / NIMBUS_DATA or NIMBUS_API.");
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or TimeoutException)
        {
            Output.Fail($"the connection to the Nimbus API broke ({ex.Message}); check that 'nimbus up' still runs and try again");
            return ExitCodes.Unreachable;
        }
    }
}
