using System.CommandLine;
using Nimbus.Cli;

namespace Nimbus.Commands;

/// <summary><c>nimbus ca export</c>: the local CA's certificate on stdout, for <c>curl --cacert</c> or a trust store.</summary>
internal static class CaCommand
{
    public static Command Create()
    {
        var command = new Command("ca", "The local certificate authority that signs the edge's HTTPS certificates");
        var export = new Command("export", "Print the CA certificate (PEM) to stdout: curl --cacert <(nimbus ca export) https://APP.localhost:8443/");
        CommandAction.SetClient(export, async (_, client, ct) =>
        {
            var pem = await client.GetCaCertificatePemAsync(ct);
            Console.Out.Write(pem);
            return ExitCodes.Ok;
        });
        command.Add(export);
        return command;
    }
}
