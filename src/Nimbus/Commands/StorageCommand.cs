using System.CommandLine;
using Nimbus.Api.Hosting;
using Nimbus.Cli;
using Nimbus.Hosting;
using Nimbus.ObjectStore;

namespace Nimbus.Commands;

/// <summary><c>nimbus storage</c>: an object-store node joining a control plane. It keeps chunk copies (replication
/// across zones) and a copy of the metadata (following the metadata node's change log), and serves S3: reads from its
/// copy, writes passed on to the metadata node. Its id lives in its data dir, so restarted on the same dir it is the
/// same node and catches up on what it missed.</summary>
internal static class StorageCommand
{
    private static readonly Option<string> Join = JoinArguments.JoinOption();
    private static readonly Option<string?> Token = JoinArguments.TokenOption();
    private static readonly Option<string> Zone = new("--zone") { Description = "Zone this storage node is in (copies go to distinct zones)", Required = true };
    private static readonly Option<string> Listen = new("--listen") { Description = "IP the peer API binds to and advertises (default loopback)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> PeerPort = new("--peer-port") { Description = "Port of the peer (chunk) API other storage nodes use (0 = a free port)", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> S3Port = new("--s3-port") { Description = "Port of this node's S3 endpoint (0 = a free port)", DefaultValueFactory = _ => 9000 };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log more" };

    public static Command Create()
    {
        var command = new Command("storage", "Run a storage node of a control plane's object store: chunk copies, a metadata copy, and S3 (data in --data DIR)")
        {
            Join, Token, Zone, Listen, PeerPort, S3Port, Verbose,
        };
        CommandAction.Set(command, RunAsync);
        return command;
    }

    /// <summary>Starts a follower storage node (also used by <c>nimbus up --zones N</c> for the zones after the first).</summary>
    internal static async Task<ObjectStoreHost> StartFollowerNodeAsync(Uri join, string token, string zone, string directory, string listen, int peerPort, int s3Port, bool verbose, CancellationToken ct)
    {
        try
        {
            return await ObjectStoreHost.StartAsync(new ObjectStoreOptions
            {
                ControlPlane = join,
                Token = token,
                Zone = zone,
                DataDirectory = directory,
                ListenAddress = listen,
                PeerPort = peerPort,
                Port = s3Port,
                Region = AwsProfile.Region,
                MetadataNode = false,
            }, logging => RoleLogging.Configure(logging, verbose), ct);
        }
        catch (PortInUseException ex)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{ex.Message}; pass another with --{ex.Listener}-port (0 picks a free one)");
        }
        catch (InvalidDataException ex)
        {
            throw new CliException(ExitCodes.Error, ex.Message);
        }
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken _)
    {
        var (join, token, zone) = JoinArguments.Read(result, Join, Token, Zone);
        var data = GlobalOptions.DataDirectory(result);
        Directory.CreateDirectory(data);
        // One process per node: two on one dir would share a node id and each other's files.
        using var dataLock = DataDirectoryLock.TryAcquire(data)
            ?? throw new CliException(ExitCodes.AlreadyRunning, $"a Nimbus process (pid {DataDirectoryLock.HolderPid(data)}) already uses {data}; give this storage node its own --data DIR");
        using var signal = new ShutdownSignal();
        var node = await StartFollowerNodeAsync(join, token, zone, data, UpCommand.ListenAddress(result.GetValue(Listen)!), UpCommand.Port(result, PeerPort),
            UpCommand.Port(result, S3Port), result.GetValue(Verbose), signal.Token);
        await using (node)
        {
            Console.Out.WriteLine($"Storage node {node.NodeId} (zone {zone}) joined {join}: S3 {node.Url}, peer API http://{node.PeerEndpoint}, data {data}. Ctrl+C stops it.");
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, signal.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return ExitCodes.Ok;
    }
}
