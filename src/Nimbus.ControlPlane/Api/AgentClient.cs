using Microsoft.AspNetCore.Http;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>Talks to agents' own endpoints (logs live on the nodes).</summary>
internal sealed class AgentClient(ControlPlaneOptions options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public IAsyncEnumerable<LogLine> FollowLogsAsync(Node node, string app, QueryString query, CancellationToken ct) =>
        LogSource.FollowAsync(_http, $"{node.Spec.Address.TrimEnd('/')}/v1/logs/{Uri.EscapeDataString(app)}{query}", options.AdminToken, ct);

    public void Dispose() => _http.Dispose();
}
