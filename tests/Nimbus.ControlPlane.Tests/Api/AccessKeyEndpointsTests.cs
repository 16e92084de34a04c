using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Tests.Api;

/// <summary>/v1/keys on a real control plane: the secret is shown once, the reads leave it out, delete is 204 then 404,
/// and the generic reads and the watch carry the whole resource for S3 nodes.</summary>
public sealed class AccessKeyEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private LiveControlPlane _plane = null!;
    private NimbusClient _client = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _plane = await LiveControlPlane.StartAsync("nimbus-cp-keys-");
        _client = _plane.Client;
        _http = new HttpClient { BaseAddress = _plane.Host.Address, Timeout = Timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LiveControlPlane.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _plane.DisposeAsync();
    }

    [Fact]
    public async Task Create_AnswersWithAnAwsShapedIdAndSecret_Once()
    {
        using var response = await _http.PostAsync("v1/keys", Json("""{"description":"backups"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), NimbusJson.Default.AccessKeyInfo)!;
        Assert.Matches("^NK[A-Z0-9]{18}$", created.AccessKeyId);
        Assert.Matches("^[A-Za-z0-9+/]{40}$", created.SecretAccessKey);
        Assert.Equal("backups", created.Description);
        Assert.Equal(ObjectMeta.DefaultProject, created.Project);
        var again = await _client.CreateAccessKeyAsync(null, default).WaitAsync(Timeout);
        Assert.NotEqual(created.AccessKeyId, again.AccessKeyId);
        Assert.NotEqual(created.SecretAccessKey, again.SecretAccessKey);
    }

    [Fact]
    public async Task ListAndGet_NeverCarryTheSecret()
    {
        var created = await _client.CreateAccessKeyAsync("ci", default).WaitAsync(Timeout);

        var listText = await _http.GetStringAsync("v1/keys");
        var getText = await _http.GetStringAsync($"v1/keys/{created.AccessKeyId}");

        Assert.DoesNotContain(created.SecretAccessKey!, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(created.SecretAccessKey!, getText, StringComparison.Ordinal);
        var listed = Assert.Single((await _client.ListAccessKeysAsync(default)).Items);
        Assert.Equal(created.AccessKeyId, listed.AccessKeyId);
        Assert.Equal("ci", listed.Description);
        Assert.Null(listed.SecretAccessKey);
        Assert.Equal(created.Created, listed.Created);
    }

    [Fact]
    public async Task Delete_Existing_Is204_ThenTheKeyIsGoneAndASecondDeleteIs404()
    {
        var created = await _client.CreateAccessKeyAsync(null, default).WaitAsync(Timeout);

        using var deleted = await _http.DeleteAsync($"v1/keys/{created.AccessKeyId}");
        using var again = await _http.DeleteAsync($"v1/keys/{created.AccessKeyId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nimbus keys list", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await _client.ListAccessKeysAsync(default)).Items);
        Assert.Null(await _client.TryGetAccessKeyAsync(created.AccessKeyId, default));
    }

    [Fact]
    public async Task Delete_MalformedId_Is404()
    {
        var missing = await Assert.ThrowsAsync<NimbusApiException>(() => _client.DeleteAccessKeyAsync("../apps/x", default).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Theory]
    [InlineData("""{"descripton":"typo"}""", "descripton")]
    [InlineData("""{"description":"two\nlines"}""", "description")]
    public async Task Create_BadBody_Is400NamingTheField_AndStoresNothing(string body, string field)
    {
        using var response = await _http.PostAsync("v1/keys", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await _client.ListAccessKeysAsync(default)).Items);
    }

    [Fact]
    public async Task Create_WithoutToken_Is401()
    {
        using var anonymous = new HttpClient { BaseAddress = _plane.Host.Address, Timeout = Timeout };

        using var response = await anonymous.PostAsync("v1/keys", Json("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await _client.ListAccessKeysAsync(default)).Items);
    }

    [Fact]
    public async Task GenericReadsAndWatch_CarryTheSecret_ForS3Nodes()
    {
        var before = (await _client.ListAccessKeyResourcesAsync(default)).Revision;
        var created = await _client.CreateAccessKeyAsync("s3", default).WaitAsync(Timeout);

        var resource = Assert.Single((await _client.ListAccessKeyResourcesAsync(default)).Items);
        using var watch = new CancellationTokenSource(Timeout);
        WatchEvent? put = null;
        await foreach (var change in _client.WatchAsync(before, "accesskeys", watch.Token))
        {
            if (change.Type == "put")
            {
                put = change;
                break;
            }
        }

        Assert.Equal(created.AccessKeyId, resource.Metadata.Name);
        Assert.Equal(created.SecretAccessKey, resource.Spec.Secret);
        Assert.NotNull(put);
        Assert.Equal(created.AccessKeyId, put.Name);
        var watched = put.Object!.Value.Deserialize(NimbusJson.Default.AccessKey)!;
        Assert.Equal(created.SecretAccessKey, watched.Spec.Secret);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
