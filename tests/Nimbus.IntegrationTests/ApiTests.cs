using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Nimbus.IntegrationTests;

/// <summary>The /v1 API of a real <c>nimbus up</c>: authentication, problem details, validation, concurrency, watch.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private NimbusCloud _cloud = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _cloud = await NimbusCloud.StartAsync();
        _http = new HttpClient { BaseAddress = _cloud.Api, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _cloud.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Request_WithoutToken_Is401ProblemDetails()
    {
        using var anonymous = new HttpClient { BaseAddress = _cloud.Api };
        using var response = await anonymous.GetAsync("v1/apps");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_WithWrongToken_Is401()
    {
        using var other = new HttpClient { BaseAddress = _cloud.Api };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "nmb_wrong_token_000000000000");
        using var response = await other.GetAsync("v1/openapi.json");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemDetails()
    {
        using var response = await _http.GetAsync("v1/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Body_WithUnknownField_Is400NamingTheField()
    {
        var body = """{"metadata":{"name":"n1"},"spec":{"zone":"z","bogus":1}}""";
        using var response = await _http.PostAsync("v1/nodes", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("spec.bogus", text);
    }

    [Fact]
    public async Task Body_WithBadJson_Is400()
    {
        using var response = await _http.PostAsync("v1/apps/hello/releases", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Node_WithInvalidName_Is400NamingTheField()
    {
        var body = """{"metadata":{"name":"Bad_Name"},"spec":{"zone":"local-a","address":"http://127.0.0.1:1","capacity":{"cpuMillis":1000,"memoryBytes":1000000}}}""";
        using var response = await _http.PostAsync("v1/nodes", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metadata.name", text);
    }

    [Fact]
    public async Task Update_WithStaleResourceVersion_Is409()
    {
        var node = await Poll.UntilAsync(async () =>
        {
            var list = await _cloud.Client.ListAsync("nodes", Api.NimbusJson.Default.ResourceListNode, default);
            return list.Items.FirstOrDefault();
        }, TimeSpan.FromSeconds(30), "the agent's node");
        Assert.NotNull(node);

        // Make an app, then update it twice with the same version: the second is stale.
        var app = await DeployMinimalAppAsync();
        app.Spec.Instances = 0;
        var first = await _http.PutAsync($"v1/apps/{app.Metadata.Name}", Json(app));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await _http.PutAsync($"v1/apps/{app.Metadata.Name}", Json(app));
        var text = await second.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("resourceVersion", text);
    }

    [Fact]
    public async Task Watch_FromARevision_StreamsLaterChanges()
    {
        var list = await _cloud.Client.ListAsync("apps", Api.NimbusJson.Default.ResourceListApp, default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watching = Task.Run(async () =>
        {
            await foreach (var change in _cloud.Client.WatchAsync(list.Revision, "apps", cts.Token))
            {
                if (change.Type == "put" && change.Name == "watched")
                {
                    return change;
                }
            }
            return null;
        });
        await DeployMinimalAppAsync("watched");
        var seen = await watching;

        Assert.NotNull(seen);
        Assert.True(seen.Revision > list.Revision);
        Assert.Equal("apps", seen.Kind);
    }

    [Fact]
    public async Task Release_CannotBeChanged()
    {
        await DeployMinimalAppAsync("frozen");
        var release = await _http.GetStringAsync("v1/releases/frozen-v1");

        using var response = await _http.PutAsync("v1/releases/frozen-v1", new StringContent(release, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_DescribesTheApi()
    {
        var doc = await _http.GetStringAsync("v1/openapi.json");
        using var json = JsonDocument.Parse(doc);
        Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/v1/apps/{name}/releases", out _));
    }

    [Fact]
    public async Task Bundle_WhoseBytesDoNotMatchItsDigest_IsRejected()
    {
        var digest = "sha256:" + new string('0', 64);
        using var response = await _http.PutAsync($"v1/bundles/{digest}", new ByteArrayContent("not that"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v1/bundles/{digest}"))).StatusCode);
    }

    private async Task<Api.Resources.App> DeployMinimalAppAsync(string name = "api-app")
    {
        var dir = TestApps.CopyHelloPython($"name: {name}\nrun: python3 server.py\ninstances: 0\n");
        try
        {
            var result = await _cloud.CliAsync("deploy", dir, "--timeout", "60s");
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return await _cloud.Client.GetAsync("apps", name, Api.NimbusJson.Default.App, default);
    }

    private static StringContent Json(Api.Resources.App app) =>
        new(JsonSerializer.Serialize(app, Api.NimbusJson.Default.App), Encoding.UTF8, "application/json");
}
