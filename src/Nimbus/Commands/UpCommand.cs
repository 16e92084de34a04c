using Nimbus.Api.Hosting;
using System.CommandLine;
using Nimbus.Agent;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Cli;
using Nimbus.ControlPlane;
using Nimbus.Edge;
using Nimbus.ObjectStore;
using Nimbus.ControlPlane.Certificates;
using Nimbus.Hosting;

namespace Nimbus.Commands;

/// <summary><c>nimbus up</c>: the whole cloud in one process — the control plane and one agent per zone.</summary>
internal static class UpCommand
{
    private static readonly Option<int> ApiPort = new("--api-port") { Description = "API port (0 = a free port)", DefaultValueFactory = _ => 7070 };
    private static readonly Option<string> Listen = new("--listen") { Description = "Address the API binds to (default loopback only; another IP lets agents on other machines join)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> Zones = new("--zones") { Description = "Run N agents, one per zone (local-a, local-b, …), each with its share of the machine", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> NodeTimeout = new("--node-timeout") { Description = "Heartbeat silence after which a node is NotReady and its instances move", DefaultValueFactory = _ => "10s" };
    private static readonly Option<string> StopGrace = new("--stop-grace") { Description = "Time an instance gets between SIGTERM and SIGKILL", DefaultValueFactory = _ => "10s" };
    private static readonly Option<int> HttpPort = new("--http-port") { Description = "Edge HTTP port: apps answer at http://APP.localhost:PORT (0 = a free port)", DefaultValueFactory = _ => 8080 };
    private static readonly Option<int> HttpsPort = new("--https-port") { Description = "Edge HTTPS port (0 = a free port)", DefaultValueFactory = _ => 8443 };
    private static readonly Option<int> DnsPort = new("--dns-port") { Description = "Nimbus DNS port, UDP and TCP (0 = a free port)", DefaultValueFactory = _ => 8053 };
    private static readonly Option<int> S3Port = new("--s3-port") { Description = "S3 endpoint port (0 = a free port)", DefaultValueFactory = _ => 9000 };
    private static readonly Option<string> Domain = new("--domain") { Description = "Cloud domain: apps are reachable as APP.DOMAIN", DefaultValueFactory = _ => "nimbus.internal" };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log more" };
    private static Command? _command;

    public static Command Create()
    {
        _command = new Command("up", "Run Nimbus on this machine: control plane and node agents (Ctrl+C stops it and every instance)")
        {
            ApiPort, HttpPort, HttpsPort, DnsPort, S3Port, Listen, Zones, NodeTimeout, StopGrace, Domain, Verbose,
        };
        foreach (var option in TracingArguments.All)
        {
            _command.Options.Add(option);
        }
        CommandAction.Set(_command, RunAsync);
        return _command;
    }

    public static bool HandlesSignals(ParseResult parsed) =>
        parsed.CommandResult.Command == _command || parsed.CommandResult.Command.Name is "agent" or "edge" or "storage";

    private static async Task<int> RunAsync(ParseResult result, CancellationToken _)
    {
        var data = GlobalOptions.DataDirectory(result);
        var zones = result.GetValue(Zones);
        if (zones is < 1 or > 26)
        {
            throw new CliException(ExitCodes.InvalidInput, "--zones must be between 1 and 26");
        }
        var nodeTimeout = Duration(result.GetValue(NodeTimeout)!, "--node-timeout");
        var stopGrace = Duration(result.GetValue(StopGrace)!, "--stop-grace");
        var port = Port(result, ApiPort);
        var edgePorts = (Http: Port(result, HttpPort), Https: Port(result, HttpsPort), Dns: Port(result, DnsPort));
        var s3Port = Port(result, S3Port);
        var listen = ListenAddress(result.GetValue(Listen)!);
        var domain = CloudDomain(result.GetValue(Domain)!);
        var edgeTracing = new EdgeOptions();
        TracingArguments.ApplyTo(edgeTracing, result);
        Directory.CreateDirectory(data);
        using var dataLock = DataDirectoryLock.TryAcquire(data);
        if (dataLock is null)
        {
            var holder = DataDirectoryLock.HolderPid(data);
            var api = EndpointsFile.TryRead(data)?.Api ?? "unknown";
            throw new CliException(ExitCodes.AlreadyRunning,
                $"Nimbus is already running on {data} (pid {holder}, API {api}). Stop it first (Ctrl+C in its terminal, or kill -TERM {holder}), or use another --data DIR.");
        }
        using var signal = new ShutdownSignal();
        var verbose = result.GetValue(Verbose);
        var token = SecretFiles.LoadOrCreateToken(data);
        var started = System.Diagnostics.Stopwatch.StartNew();
        ControlPlaneHost controlPlaneHost;
        try
        {
            controlPlaneHost = await ControlPlaneHost.StartAsync(new ControlPlaneOptions
            {
                DataDirectory = data,
                AdminToken = token,
                ListenAddress = listen,
                Port = port,
                NodeTimeout = nodeTimeout,
                CloudDomain = domain,
            }, logging => RoleLogging.Configure(logging, verbose), signal.Token);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new CliException(ExitCodes.InvalidInput, $"port {port} is already in use; pass another with --api-port (0 picks a free one)");
        }
        catch (CertificateAuthorityException ex)
        {
            throw new CliException(ExitCodes.Error, ex.Message);
        }
        await using var controlPlane = controlPlaneHost;
        var apiUrl = controlPlane.Address.ToString().TrimEnd('/');

        // S3: the root access key behind <data>/aws-credentials (made once, reused while it exists).
        RootAccessKey rootKey;
        using (var keysClient = new Nimbus.Api.Client.NimbusClient(controlPlane.Address, token))
        {
            rootKey = await AwsProfile.EnsureRootKeyAsync(keysClient, data, signal.Token);
        }

        var agents = new List<AgentHost>();
        EdgeHost? edge = null;
        ObjectStoreHost? objects = null;
        var storageNodes = new List<ObjectStoreHost>();
        try
        {
            for (var i = 0; i < zones; i++)
            {
                var zone = $"local-{(char)('a' + i)}";
                agents.Add(await AgentHost.StartAsync(new AgentOptions
                {
                    JoinUrl = controlPlane.Address,
                    Token = token,
                    Zone = zone,
                    DataDirectory = Path.Combine(data, "agents", zone),
                    MachineShare = zones,
                    StopGrace = stopGrace,
                    // The edge in this process has stopped before the agents do: nothing is left to drain for.
                    ShutdownDrain = TimeSpan.Zero,
                }, logging => RoleLogging.Configure(logging, verbose), signal.Token));
            }
            edge = await StartEdgeAsync(controlPlane.Address, token, listen, edgePorts, edgeTracing, verbose, signal.Token);

            // One storage node per zone: the other zones' followers first, so local-a (the metadata node) sees every
            // zone before its first bucket. local-a keeps <data>/objects, so existing data dirs keep working.
            for (var i = 1; i < zones; i++)
            {
                var zone = $"local-{(char)('a' + i)}";
                storageNodes.Add(await StorageCommand.StartFollowerNodeAsync(controlPlane.Address, token, zone, Path.Combine(data, "objects", zone), listen, 0, 0, verbose, signal.Token));
            }
            objects = await StartObjectStoreAsync(controlPlane.Address, token, listen, s3Port, Path.Combine(data, "objects"), verbose, signal.Token);
            foreach (var follower in storageNodes)
            {
                // "Up" means every S3 endpoint answers: each follower's metadata copy is there.
                if (!await follower.WaitForMetadataCopyAsync(TimeSpan.FromSeconds(30), signal.Token))
                {
                    Console.Error.WriteLine($"nimbus up: the storage node in zone {follower.Zone} has no copy of the object metadata yet; its S3 endpoint answers 503 until it has");
                }
            }
            AwsProfile.WriteFiles(data, rootKey, AwsProfile.Region, objects.Url);
            PrometheusConfig.Write(data, apiUrl);
            var endpoints = new Endpoints
            {
                Api = apiUrl,
                Http = edge.Http is { } h ? $"http://{h}" : null,
                Https = edge.Https is { } s ? $"https://{s}" : null,
                Dns = edge.Dns?.ToString(),
                S3 = objects.Url,
                Pid = Environment.ProcessId,
            };
            EndpointsFile.Write(data, endpoints);
            Console.Out.WriteLine($"Nimbus is up in {started.ElapsedMilliseconds} ms.");
            Console.Out.WriteLine($"  API     {apiUrl}  (token in {Path.Combine(data, "credentials")})");
            Console.Out.WriteLine($"  apps    {endpoints.Http?.Replace("127.0.0.1", "APP.localhost", StringComparison.Ordinal)}" +
                (endpoints.Https is null ? "" : $"  {endpoints.Https.Replace("127.0.0.1", "APP.localhost", StringComparison.Ordinal)}"));
            if (endpoints.Dns is not null)
            {
                Console.Out.WriteLine($"  dns     {endpoints.Dns}  (dig @{edge.Dns!.Address} -p {edge.Dns.Port} APP.nimbus.internal)");
            }
            Console.Out.WriteLine($"  s3      {objects.Url}  (aws --profile nimbus s3 ls, with AWS_CONFIG_FILE={Path.Combine(data, "aws-config")} AWS_SHARED_CREDENTIALS_FILE={Path.Combine(data, "aws-credentials")})");
            foreach (var follower in storageNodes)
            {
                // Every storage node serves S3: reads from its metadata copy, writes passed on to local-a.
                Console.Out.WriteLine($"  s3      {follower.Url}  (zone {follower.Zone}: a follower; the same keys work)");
            }
            Console.Out.WriteLine($"  metrics {apiUrl}/v1/metrics/targets  (Prometheus http_sd: prometheus --config.file={PrometheusConfig.PathIn(data)})");
            Console.Out.WriteLine($"  zones   {string.Join(", ", agents.Select(a => a.NodeName))}");
            Console.Out.WriteLine($"  data    {data}");
            Console.Out.WriteLine("Deploy an app:  ./nimbus deploy examples/hello-python     Stop: Ctrl+C");
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, signal.Token);
            }
            catch (OperationCanceledException)
            {
            }
            Console.Out.WriteLine("Stopping: instances get SIGTERM, then SIGKILL after the grace period…");
        }
        finally
        {
            // The edge first (it stops taking requests and lets those in flight finish), then the agents: they stop
            // their instances and tell the control plane, which must still be up.
            if (edge is not null)
            {
                await edge.DisposeAsync();
            }
            if (objects is not null)
            {
                await objects.DisposeAsync();
            }
            await Task.WhenAll(storageNodes.Select(n => n.DisposeAsync().AsTask()));
            await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
            try
            {
                File.Delete(EndpointsFile.PathIn(data));
            }
            catch (IOException)
            {
            }
        }
        Console.Out.WriteLine("Nimbus stopped.");
        return ExitCodes.Ok;
    }

    /// <summary>The edge of `up`; of <c>tracing</c> only the tracing options (from the command line) are used.</summary>
    private static async Task<EdgeHost> StartEdgeAsync(Uri api, string token, string listen, (int Http, int Https, int Dns) ports, EdgeOptions tracing,
        bool verbose, CancellationToken ct)
    {
        try
        {
            return await EdgeHost.StartAsync(new EdgeOptions
            {
                ControlPlane = api,
                Token = token,
                Name = "edge-local-a",
                Zone = "local-a",
                ListenAddress = listen,
                HttpPort = ports.Http,
                HttpsPort = ports.Https,
                DnsPort = ports.Dns,
                Tracing = tracing.Tracing,
                OtlpEndpoint = tracing.OtlpEndpoint,
                OtlpHeaders = tracing.OtlpHeaders,
                OtlpSampleRatio = tracing.OtlpSampleRatio,
            }, logging => RoleLogging.Configure(logging, verbose), ct);
        }
        catch (PortInUseException ex)
        {
            throw EdgePortInUse(ex);
        }
    }

    private static async Task<ObjectStoreHost> StartObjectStoreAsync(Uri api, string token, string listen, int port, string directory, bool verbose, CancellationToken ct)
    {
        try
        {
            return await ObjectStoreHost.StartAsync(new ObjectStoreOptions
            {
                ControlPlane = api,
                Token = token,
                ListenAddress = listen,
                Port = port,
                DataDirectory = directory,
                Region = AwsProfile.Region,
                Zone = "local-a",
                PeerPort = 0,
            }, logging => RoleLogging.Configure(logging, verbose), ct);
        }
        catch (PortInUseException ex) when (ex.Listener == "s3")
        {
            throw new CliException(ExitCodes.InvalidInput, $"{ex.Message}; pass another with --s3-port (0 picks a free one)");
        }
    }

    internal static CliException EdgePortInUse(PortInUseException ex) => new(ExitCodes.InvalidInput,
        $"{ex.Message}; pass other ports with --http-port, --https-port or --dns-port (0 picks a free one)");

    internal static int Port(ParseResult result, Option<int> option) => result.GetValue(option) is var port and >= 0 and <= 65535
        ? port
        : throw new CliException(ExitCodes.InvalidInput, $"{option.Name} must be between 0 and 65535 (0 picks a free port)");

    /// <summary>A concrete IP to bind to (and to advertise, so not 0.0.0.0).</summary>
    internal static string ListenAddress(string text) =>
        System.Net.IPAddress.TryParse(text, out var ip) && !ip.Equals(System.Net.IPAddress.Any) && !ip.Equals(System.Net.IPAddress.IPv6Any)
            ? text
            : throw new CliException(ExitCodes.InvalidInput, $"--listen '{text}' must be one IP address of this machine (e.g. 127.0.0.1 or 192.168.1.10), not a wildcard");

    internal static string CloudDomain(string text) =>
        HostNames.Normalize(text, out var error) is { } domain && !HostNames.IsLocalhost(domain)
            ? domain
            : throw new CliException(ExitCodes.InvalidInput, $"--domain {error ?? $"'{text}' is under .localhost, which is served anyway"}; use e.g. nimbus.internal");

    internal static TimeSpan Duration(string text, string option) =>
        Quantities.TryParseDuration(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new CliException(ExitCodes.InvalidInput, $"{option}: '{text}' is not a duration; use e.g. 500ms, 10s or 1m");
}
