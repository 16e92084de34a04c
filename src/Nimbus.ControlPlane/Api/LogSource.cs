using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Streaming;

namespace Nimbus.ControlPlane.Api;

/// <summary>Log lines from a node's or edge's own endpoint (NDJSON): the agents' app logs and the edges' access logs
/// are read the same way.</summary>
internal static class LogSource
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    /// <summary>All the lines a source has now; a slow or vanished source gives what it managed.</summary>
    public static async Task<List<LogLine>> ReadAsync(Func<CancellationToken, IAsyncEnumerable<LogLine>> open, CancellationToken ct)
    {
        var lines = new List<LogLine>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            await foreach (var line in open(timeout.Token))
            {
                lines.Add(line);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // A slow source answers with what it managed; the others still count.
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or System.Text.Json.JsonException)
        {
            // So does one that went away mid-answer.
        }
        return lines;
    }

    /// <summary>The lines <paramref name="url"/> streams, until it ends; nothing when it cannot be reached or refuses.</summary>
    public static async IAsyncEnumerable<LogLine> FollowAsync(HttpClient http, string url, string token, [EnumeratorCancellation] CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
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
}
