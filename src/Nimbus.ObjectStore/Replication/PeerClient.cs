using System.Net;
using System.Net.Http.Headers;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// Talks to other storage nodes' chunk APIs with the cluster token. Every call is bounded by
/// <see cref="ReplicationOptions.PushTimeout"/> and answers false rather than throwing when the peer is unreachable or
/// refuses: the caller decides between another copy, a quorum failure and the catch-up queue.
/// </summary>
internal sealed class PeerClient : IChunkPeers, IDisposable
{
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _pushes;
    private readonly ReplicationOptions _options;

    public PeerClient(string token, ReplicationOptions options)
    {
        _options = options;
        _pushes = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentPushes));
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<PushResult> PutAsync(StorageNodeInfo node, string chunkId, string path, CancellationToken ct)
    {
        await _pushes.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return PushResult.SourceMissing;
            }
            await using (file.ConfigureAwait(false))
            {
                using var deadline = Deadline(ct);
                using var content = new StreamContent(file, 256 * 1024);
                content.Headers.ContentLength = file.Length;
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var response = await _http.PutAsync(ChunkUri(node, chunkId), content, deadline.Token).ConfigureAwait(false);
                return response.IsSuccessStatusCode ? PushResult.Ok : PushResult.Failed;
            }
        }
        catch (Exception e) when (IsPeerFailure(e, ct))
        {
            return PushResult.Failed;
        }
        finally
        {
            _pushes.Release();
        }
    }

    /// <summary>Reads <paramref name="destination"/>.Length bytes of the peer's chunk file at <paramref name="offset"/>.</summary>
    public async Task<bool> ReadAsync(StorageNodeInfo node, string chunkId, long offset, Memory<byte> destination, CancellationToken ct)
    {
        try
        {
            using var deadline = Deadline(ct);
            using var request = new HttpRequestMessage(HttpMethod.Get, ChunkUri(node, chunkId));
            request.Headers.Range = new RangeHeaderValue(offset, offset + destination.Length - 1);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.PartialContent || response.Content.Headers.ContentLength != destination.Length)
            {
                return false;
            }
            var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await body.ReadExactlyAsync(destination, deadline.Token).ConfigureAwait(false);
            }
            return true;
        }
        catch (Exception e) when (IsPeerFailure(e, ct) || e is EndOfStreamException)
        {
            return false;
        }
    }

    /// <summary>Downloads the peer's whole chunk file to <paramref name="path"/> (created; at most <see cref="ReplicationOptions.MaxChunkFileBytes"/>).</summary>
    public async Task<bool> DownloadAsync(StorageNodeInfo node, string chunkId, string path, CancellationToken ct)
    {
        try
        {
            using var deadline = Deadline(ct);
            using var response = await _http.GetAsync(ChunkUri(node, chunkId), HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength is not { } length || length > _options.MaxChunkFileBytes)
            {
                return false;
            }
            var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await body.CopyToAsync(file, 256 * 1024, deadline.Token).ConfigureAwait(false);
                    await file.FlushAsync(deadline.Token).ConfigureAwait(false);
                    file.Flush(flushToDisk: true);
                    return file.Length == length;
                }
            }
        }
        catch (Exception e) when (IsPeerFailure(e, ct))
        {
            return false;
        }
    }

    /// <summary>True when the peer no longer has the chunk (deleted now, or never had it).</summary>
    public async Task<bool> DeleteAsync(StorageNodeInfo node, string chunkId, CancellationToken ct)
    {
        try
        {
            using var deadline = Deadline(ct);
            using var response = await _http.DeleteAsync(ChunkUri(node, chunkId), deadline.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound;
        }
        catch (Exception e) when (IsPeerFailure(e, ct))
        {
            return false;
        }
    }

    public async IAsyncEnumerable<PeerChunk> ListAsync(StorageNodeInfo node, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // No deadline on the whole list (a node may hold many chunks): the answer's head, and then each line, must come
        // within PushTimeout, so a peer that hangs fails this call instead of holding up every sweep after it.
        HttpResponseMessage response;
        Stream body;
        using (var deadline = Deadline(ct))
        {
            response = await _http.GetAsync(new Uri(node.Peer, "v1/chunks"), HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            try
            {
                response.EnsureSuccessStatusCode();
                body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
        using var owned = response;
        await using var stream = body;
        using var reader = new StreamReader(stream);
        using var lineDeadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        while (true)
        {
            // One timer for the whole list, re-armed before each line (not one per line of a list of millions).
            lineDeadline.CancelAfter(_options.PushTimeout);
            var line = await reader.ReadLineAsync(lineDeadline.Token).ConfigureAwait(false);
            if (line is null)
            {
                throw new IOException($"the chunk list of storage node {node.Id} broke off before its end");
            }
            // "<id> <age ms>" per chunk, then "end": a cut-off stream is told from a whole one.
            if (line == PeerRequestHandler.ListEnd)
            {
                yield break;
            }
            var space = line.IndexOf(' ');
            if (space <= 0 || !Engine.Data.ChunkIds.IsValid(line.AsSpan(0, space)) ||
                !long.TryParse(line.AsSpan(space + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var age))
            {
                throw new IOException($"storage node {node.Id} sent an invalid chunk list line");
            }
            var chunk = new PeerChunk(line[..space], age);
            yield return chunk;
        }
    }

    public async Task<Engine.Metadata.FeedResult> ReadChangesAsync(StorageNodeInfo node, ChangesQuery query,
        Func<Stream, CancellationToken, Task<Engine.Metadata.FeedResult>> apply, CancellationToken ct)
    {
        // The head must come within the long poll's wait and a push timeout; the whole feed (a first full copy may be
        // large) within MetadataFeedTimeout.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(query.WaitMs) + _options.PushTimeout);
        using var response = await _http.GetAsync(new Uri(node.Peer, query.ToQueryString()), HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"storage node {node.Id} answered {(int)response.StatusCode} to a request for metadata changes: {await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false)}");
        }
        deadline.CancelAfter(_options.MetadataFeedTimeout);
        var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await using var buffered = new BufferedStream(body, 64 * 1024);
            return await apply(buffered, deadline.Token).ConfigureAwait(false);
        }
    }

    public async Task<byte[]> GetMasterKeyAsync(StorageNodeInfo node, CancellationToken ct)
    {
        using var deadline = Deadline(ct);
        using var response = await _http.GetAsync(new Uri(node.Peer, MetadataFeed.MasterKeyPath.TrimStart('/')), deadline.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"storage node {node.Id} answered {(int)response.StatusCode} to a request for the master key");
        }
        var key = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
        return key.Length == Engine.Data.KeyWrap.KeySize ? key : throw new InvalidDataException($"storage node {node.Id} sent {key.Length} bytes as a master key");
    }

    public void Dispose()
    {
        _http.Dispose();
        _pushes.Dispose();
    }

    private static Uri ChunkUri(StorageNodeInfo node, string chunkId) => new(node.Peer, "v1/chunks/" + chunkId);

    private CancellationTokenSource Deadline(CancellationToken ct)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.PushTimeout);
        return deadline;
    }

    // A peer timing out is a failure of that peer; the caller's own cancellation propagates.
    private static bool IsPeerFailure(Exception e, CancellationToken ct) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested);
}
