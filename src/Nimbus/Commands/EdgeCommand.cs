using Nimbus.Api.Hosting;
using System.CommandLine;
using Nimbus.Cli;
using Nimbus.Edge;
using Nimbus.Hosting;

namespace Nimbus.Commands;

/// <summary><c>nimbus edge</c>: one edge (proxy, load balancer, TLS, cache, DNS) joining a control plane. Several may run at once.</summary>
internal static class EdgeCommand
{
    private static readonly Option<string> Join = JoinArguments.JoinOption();
    private static readonly Option<string?> Token = JoinArguments.TokenOption();
    private static readonly Option<string> Zone = new("--zone") { Description = "Zone this edge is in", DefaultValueFactory = _ => "local-a" };
    private static readonly Option<string?> Name = new("--name") { Description = "Edge name (default edge-ZONE-<random>)" };
    private static readonly Option<string> Listen = new("--listen") { Description = "IP the edge binds to and advertises (default loopback)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> HttpPort = new("--http-port") { Description = "HTTP port (0 = a free port)", DefaultValueFactory = _ => 8080 };
    private static readonly Option<int> HttpsPort = new("--https-port") { Description = "HTTPS port (0 = a free port)", DefaultValueFactory = _ => 8443 };
    private static readonly Option<int> DnsPort = new("--dns-port") { Description = "DNS port, UDP and TCP (0 = a free port)", DefaultValueFactory = _ => 8053 };
    private static readonly Option<int> AdminPort = new("--admin-port") { Description = "Port of the edge's own endpoint for the control plane (0 = a free port)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> DnsUpstream = new("--dns-upstream") { Description = "Resolver (IP:port) for names outside Nimbus's zones; without it they get REFUSED" };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log more" };

    public static Command Create()
    {
        var command = new Command("edge", "Run an edge (reverse proxy, load balancer, TLS, HTTP cache, DNS) that follows a control plane")
        {
            Join, Token, Zone, Name, Listen, HttpPort, HttpsPort, DnsPort, AdminPort, DnsUpstream, Verbose,
        };
        foreach (var option in TracingArguments.All)
        {
            command.Options.Add(option);
        }
        CommandAction.Set(command, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken _)
    {
        // A process that is only an edge runs socket completions on the epoll thread itself instead of handing each
        // to the thread pool: with the proxy's inline scheduling a request then goes client → instance → client on one
        // thread, without a context switch per read (measured: ~57k switches/s at 18k req/s before, a few hundred after,
        // and about a quarter more requests per core). It is safe here because nothing in the edge blocks a thread;
        // `nimbus up` keeps the default, since its other roles do blocking disk and process work. The runtime reads
        // this once, when its socket engine starts (the first asynchronous socket operation), which is after this line:
        // nothing before a command's RunAsync may do socket I/O (see Program.cs).
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        var (join, token, zone) = JoinArguments.Read(result, Join, Token, Zone);
        var name = result.GetValue(Name);
        if (name is not null && !Api.Resources.Names.IsValid(name))
        {
            throw new CliException(ExitCodes.InvalidInput, $"--name '{name}' is not valid: {Api.Resources.Names.Rule}");
        }
        var upstream = result.GetValue(DnsUpstream);
        if (upstream is not null && !System.Net.IPEndPoint.TryParse(upstream, out System.Net.IPEndPoint? _))
        {
            throw new CliException(ExitCodes.InvalidInput, $"--dns-upstream '{upstream}' must be IP:port, e.g. 192.168.1.1:53");
        }
        var options = new EdgeOptions
        {
            ControlPlane = join,
            Token = token,
            Zone = zone,
            Name = name ?? "",
            ListenAddress = UpCommand.ListenAddress(result.GetValue(Listen)!),
            HttpPort = UpCommand.Port(result, HttpPort),
            HttpsPort = UpCommand.Port(result, HttpsPort),
            DnsPort = UpCommand.Port(result, DnsPort),
            AdminPort = UpCommand.Port(result, AdminPort),
            DnsUpstream = upstream,
        };
        TracingArguments.ApplyTo(options, result);
        using var signal = new ShutdownSignal();
        var verbose = result.GetValue(Verbose);
        EdgeHost edge;
        try
        {
            edge = await EdgeHost.StartAsync(options, logging => RoleLogging.Configure(logging, verbose), signal.Token);
        }
        catch (PortInUseException ex)
        {
            throw UpCommand.EdgePortInUse(ex);
        }
        await using (edge)
        {
            Console.Out.WriteLine($"Edge {edge.Name} (zone {zone}) following {join}: http {edge.Http}, https {edge.Https}, dns {edge.Dns}. Ctrl+C stops it.");
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
