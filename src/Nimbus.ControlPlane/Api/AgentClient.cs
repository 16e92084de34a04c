using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Api.Streaming;

namespace Nimbus.ControlPlane.Api;

/// <summary>Talks to agents' own endpoints (logs live on the nodes).</summary>
internal sealed class AgentClient(ControlPlaneOptions options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<List<LogLine>> ReadLogsAsync(Node node, string app, QueryString query, CancellationToken ct)
    {
        var lines = new List<LogLine>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await foreach (var line in FollowLogsAsync(node, app, query, timeout.Token))
            {
                lines.Add(line);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // A slow node answers with what it managed; the others still count.
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or System.Text.Json.JsonException)
        {
            // So does a node that went away mid-answer.
        }
        return lines;
    }

    public async IAsyncEnumerable<LogLine> FollowLogsAsync(Node node, string app, QueryString query, [EnumeratorCancellation] CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{node.Spec.Address.TrimEnd('/')}/v1/logs/{Uri.EscapeDataString(app)}{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminToken);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException)
        {
            yield break;
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                yield break;
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            await foreach (var line in Ndjson.ReadAsync(stream, NimbusJson.Default.LogLine, ct))
            {
                yield return line;
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
