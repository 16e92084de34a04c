using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.Tests.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Replication;

public sealed class PeerRequestHandlerTests : IAsyncLifetime
{
    private const string Token = "cluster-token";
    private readonly DataStoreScope _source = new(DataStoreScope.Small);
    private readonly DataStoreScope _target = new(DataStoreScope.Small);
    private PeerRequestHandler _handler = null!;
    private PeerChunkStore _store = null!;
    private string _chunk = "";
    private byte[] _file = [];

    public async Task InitializeAsync()
    {
        var staged = await _source.StageAsync(DataStoreScope.Bytes(500));
        staged.MarkCommitted();
        _chunk = CorruptionTests.FirstChunk(_source, staged);
        _file = await File.ReadAllBytesAsync(_source.ChunkPath(_chunk));
        _store = new PeerChunkStore(_target.Directory, _target.Store.Paths);
        var scrubber = new ChunkScrubber(_target.Store, new ChunkScrubberOptions { Interval = TimeSpan.FromHours(1), BytesPerSecond = 0 }, TimeProvider.System,
            NullLogger<ChunkScrubber>.Instance);
        _handler = new PeerRequestHandler(Token, _store, scrubber, new ReplicationOptions { MaxChunkFileBytes = 4096 }, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    private async Task<(int Status, byte[] Body)> SendAsync(string method, string path, byte[]? body = null, string? token = Token, string? range = null)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = method;
        context.Request.Path = path;
        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }
        if (range is not null)
        {
            context.Request.Headers.Range = range;
        }
        var response = new MemoryStream();
        context.Response.Body = response;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _handler.InvokeAsync(context).WaitAsync(timeout.Token);
        return (context.Response.StatusCode, response.ToArray());
    }

    [Fact]
    public async Task Put_WholeChunkFile_IsStoredAndServedWithRanges()
    {
        Assert.Equal(204, (await SendAsync("PUT", "/v1/chunks/" + _chunk, _file)).Status);
        Assert.Equal(204, (await SendAsync("PUT", "/v1/chunks/" + _chunk, _file)).Status); // idempotent

        Assert.Equal(_file, await File.ReadAllBytesAsync(_target.ChunkPath(_chunk)));
        var (status, body) = await SendAsync("GET", "/v1/chunks/" + _chunk, range: "bytes=10-19");
        Assert.Equal(206, status);
        Assert.Equal(_file.AsSpan(10, 10).ToArray(), body);
        Assert.Equal(200, (await SendAsync("HEAD", "/v1/chunks/" + _chunk)).Status);
        Assert.Equal(204, (await SendAsync("DELETE", "/v1/chunks/" + _chunk)).Status);
        Assert.Equal(404, (await SendAsync("GET", "/v1/chunks/" + _chunk)).Status);
    }

    [Fact]
    public async Task List_StreamsEveryChunkWithItsTimeThenEnd_AndSkipsTempFiles()
    {
        Assert.Equal("end\n", System.Text.Encoding.ASCII.GetString((await SendAsync("GET", "/v1/chunks")).Body));
        Assert.Equal(204, (await SendAsync("PUT", "/v1/chunks/" + _chunk, _file)).Status);
        await File.WriteAllBytesAsync(_store.Paths.TempOf(ChunkIds.New()), [1, 2, 3]);

        var (status, body) = await SendAsync("GET", "/v1/chunks");

        Assert.Equal(200, status);
        var lines = System.Text.Encoding.ASCII.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var fields = lines[0].Split(' ');
        Assert.Equal(_chunk, fields[0]);
        Assert.InRange(long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), 0, 5 * 60_000); // age in ms, by this node's clock
        Assert.Equal("end", lines[1]);
        Assert.Equal(405, (await SendAsync("DELETE", "/v1/chunks")).Status);
    }

    [Fact]
    public async Task Put_FlippedByte_IsRefusedAndNothingIsKept()
    {
        var bad = (byte[])_file.Clone();
        bad[^1] ^= 1;

        Assert.Equal(422, (await SendAsync("PUT", "/v1/chunks/" + _chunk, bad)).Status);
        // A chunk file under another id's name: its header names the wrong chunk.
        Assert.Equal(422, (await SendAsync("PUT", "/v1/chunks/" + ChunkIds.New(), _file)).Status);
        Assert.Equal(422, (await SendAsync("PUT", "/v1/chunks/" + _chunk, _file[..^5])).Status);

        Assert.False(File.Exists(_target.ChunkPath(_chunk)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_target.Directory, "incoming")));
    }

    [Theory]
    [InlineData("/v1/chunks/../../master.key")]
    [InlineData("/v1/chunks/0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("/v1/chunks/0123")]
    public async Task Get_IdThatIsNotHex_IsABadRequest(string path) => Assert.Equal(400, (await SendAsync("GET", path)).Status);

    [Fact]
    public async Task Requests_WithoutTheToken_AreUnauthorized()
    {
        Assert.Equal(401, (await SendAsync("GET", "/v1/chunks/" + _chunk, token: null)).Status);
        Assert.Equal(401, (await SendAsync("POST", "/v1/scrub", token: "wrong")).Status);
    }

    [Fact]
    public async Task Put_TooLargeOrWithoutLength_IsRefused()
    {
        Assert.Equal(413, (await SendAsync("PUT", "/v1/chunks/" + _chunk, new byte[5000])).Status);
        Assert.Equal(411, (await SendAsync("PUT", "/v1/chunks/" + _chunk)).Status);
    }

    [Fact]
    public async Task Scrub_ReturnsTheReportAsJson()
    {
        await SendAsync("PUT", "/v1/chunks/" + _chunk, _file);

        var (status, body) = await SendAsync("POST", "/v1/scrub");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(1, json.RootElement.GetProperty("chunksChecked").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("corruptChunks").GetInt64());
    }
}
