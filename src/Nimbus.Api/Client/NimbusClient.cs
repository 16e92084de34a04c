using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Api.Streaming;

namespace Nimbus.Api.Client;

/// <summary>Typed client of the /v1 API, used by the CLI, agents and (later) edges.</summary>
public sealed partial class NimbusClient : IDisposable
{
    private readonly HttpClient _http;

    public NimbusClient(Uri baseAddress, string token, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Task<T> GetAsync<T>(string plural, string name, JsonTypeInfo<T> typeInfo, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"v1/{plural}/{Uri.EscapeDataString(name)}", null, typeInfo, ct);

    public async Task<T?> TryGetAsync<T>(string plural, string name, JsonTypeInfo<T> typeInfo, CancellationToken ct)
        where T : class
    {
        try
        {
            return await GetAsync(plural, name, typeInfo, ct).ConfigureAwait(false);
        }
        catch (NimbusApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<ResourceList<T>> ListAsync<T>(string plural, JsonTypeInfo<ResourceList<T>> typeInfo, CancellationToken ct, string? app = null, string? node = null)
    {
        var query = new List<string>();
        if (app is not null)
        {
            query.Add("app=" + Uri.EscapeDataString(app));
        }
        if (node is not null)
        {
            query.Add("node=" + Uri.EscapeDataString(node));
        }
        return SendAsync(HttpMethod.Get, $"v1/{plural}" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), null, typeInfo, ct);
    }

    public Task<Node> RegisterNodeAsync(Node node, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "v1/nodes", JsonContent.Create(node, NimbusJson.Default.Node), NimbusJson.Default.Node, ct);

    public Task<Node> PutNodeStatusAsync(string name, NodeStatus status, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"v1/nodes/{Uri.EscapeDataString(name)}/status", JsonContent.Create(status, NimbusJson.Default.NodeStatus), NimbusJson.Default.Node, ct);

    public Task<Instance> PutInstanceStatusAsync(string name, InstanceStatus status, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"v1/instances/{Uri.EscapeDataString(name)}/status", JsonContent.Create(status, NimbusJson.Default.InstanceStatus), NimbusJson.Default.Instance, ct);

    public Task<App> UpdateAppAsync(App app, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"v1/apps/{Uri.EscapeDataString(app.Metadata.Name)}", JsonContent.Create(app, NimbusJson.Default.App), NimbusJson.Default.App, ct);

    public Task<App> DeleteAppAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"v1/apps/{Uri.EscapeDataString(name)}", null, NimbusJson.Default.App, ct);

    public Task<Release> CreateReleaseAsync(string app, CreateReleaseRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"v1/apps/{Uri.EscapeDataString(app)}/releases", JsonContent.Create(request, NimbusJson.Default.CreateReleaseRequest), NimbusJson.Default.Release, ct);

    public Task<Release> RollbackAsync(string app, RollbackRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"v1/apps/{Uri.EscapeDataString(app)}/rollback", JsonContent.Create(request, NimbusJson.Default.RollbackRequest), NimbusJson.Default.Release, ct);

    public async Task<bool> BundleExistsAsync(string digest, CancellationToken ct)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v1/bundles/{digest}"), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
        return true;
    }

    public async Task<BundleInfo> UploadBundleAsync(string digest, Stream content, long length, IProgress<long>? progress, CancellationToken ct)
    {
        using var body = new ProgressStreamContent(content, length, progress);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return await SendAsync(HttpMethod.Put, $"v1/bundles/{digest}", body, NimbusJson.Default.BundleInfo, ct, TimeSpan.FromMinutes(30)).ConfigureAwait(false);
    }

    /// <summary>Streams a bundle into <paramref name="destination"/>; the caller verifies the digest.</summary>
    public async Task DownloadBundleAsync(string digest, Stream destination, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"v1/bundles/{digest}", HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, ct).ConfigureAwait(false);
    }

    /// <summary>Changes after <paramref name="since"/> (kinds filter optional), forever, until cancelled or the stream ends.</summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(long since, string? kinds, [EnumeratorCancellation] CancellationToken ct)
    {
        var path = $"v1/watch?since={since}" + (kinds is null ? "" : "&kind=" + Uri.EscapeDataString(kinds));
        await foreach (var e in StreamLinesAsync(path, NimbusJson.Default.WatchEvent, ct, WatchIdleTimeout).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <summary>An app's log lines, or with <paramref name="access"/> the edges' access log of its requests.</summary>
    public IAsyncEnumerable<LogLine> LogsAsync(string app, DateTimeOffset? since, int? tail, bool follow, CancellationToken ct, string? instance = null,
        string? grep = null, IReadOnlyList<string>? where = null, bool access = false)
    {
        var query = new List<string>();
        if (access)
        {
            query.Add("access=true");
        }
        if (!string.IsNullOrEmpty(grep))
        {
            query.Add("grep=" + Uri.EscapeDataString(grep));
        }
        foreach (var condition in where ?? [])
        {
            query.Add("where=" + Uri.EscapeDataString(condition));
        }
        if (instance is not null)
        {
            query.Add("instance=" + Uri.EscapeDataString(instance));
        }
        if (since is { } s)
        {
            query.Add("since=" + Uri.EscapeDataString(s.ToString("O")));
        }
        if (tail is { } t)
        {
            query.Add($"tail={t}");
        }
        if (follow)
        {
            query.Add("follow=true");
        }
        return StreamLinesAsync($"v1/apps/{Uri.EscapeDataString(app)}/logs" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), NimbusJson.Default.LogLine, ct);
    }

    /// <summary>A stream of lines. With <paramref name="idleTimeout"/>, a stream that stays silent that long (a
    /// dead peer, a partition: the server sends bookmarks well within it) ends with a <see cref="TimeoutException"/>.</summary>
    private async IAsyncEnumerable<T> StreamLinesAsync<T>(string path, JsonTypeInfo<T> typeInfo, [EnumeratorCancellation] CancellationToken ct, TimeSpan? idleTimeout = null)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (idleTimeout is { } first)
        {
            idle.CancelAfter(first);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {BaseAddress}{path} within {idleTimeout}");
        }
        using (response)
        {
            await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using var lines = Ndjson.ReadAsync(stream, typeInfo, idle.Token).GetAsyncEnumerator(idle.Token);
            while (true)
            {
                try
                {
                    if (!await lines.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"the stream from {BaseAddress}{path} was silent for {idleTimeout}");
                }
                if (idleTimeout is { } again)
                {
                    idle.CancelAfter(again);
                }
                yield return lines.Current;
            }
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken ct, TimeSpan? timeout = null)
    {
        // Every call has a deadline, so a dead peer cannot hang a heartbeat or a status report for good.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout ?? RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, deadline.Token).ConfigureAwait(false);
            return await response.Content.ReadFromJsonAsync(typeInfo, deadline.Token).ConfigureAwait(false)
                ?? throw new NimbusApiException(response.StatusCode, null, $"{method} {path} answered with an empty body");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {BaseAddress}{path} got no answer within {(timeout ?? RequestTimeout).TotalSeconds:0}s");
        }
    }

    /// <summary>Deadline of one API call (uploads get longer: see <see cref="UploadBundleAsync"/>).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Three missed bookmarks (sent every 5 s) and a watch is taken for dead.</summary>
    public static readonly TimeSpan WatchIdleTimeout = TimeSpan.FromSeconds(20);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        ProblemDocument? problem = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (text.StartsWith('{'))
            {
                problem = JsonSerializer.Deserialize(text, ProblemJson.Default.ProblemDocument);
            }
        }
        catch (JsonException)
        {
        }
        throw new NimbusApiException(response.StatusCode, problem, $"the API answered {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    public void Dispose() => _http.Dispose();
}
