using System.Text.Json;
using Nimbus.Api;

namespace Nimbus.IntegrationTests;

/// <summary><c>nimbus keys</c> against a real <c>nimbus up</c>, which has made its root key on start.</summary>
public sealed class KeysCliTests : IAsyncLifetime
{
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Up_MadeARootKey_RecordedInTheDataDirectory()
    {
        var list = await _cloud.CliAsync("keys", "list", "--output", "json");

        Assert.True(list.ExitCode == 0, list.ToString());
        var keys = JsonSerializer.Deserialize(list.Stdout, NimbusJson.Default.ListAccessKeyInfo)!;
        var root = Assert.Single(keys);
        Assert.Equal("root", root.Description);
        Assert.Null(root.SecretAccessKey);
        var file = File.ReadAllText(Path.Combine(_cloud.Data, "s3-root-key"));
        Assert.Contains($"access_key_id = {root.AccessKeyId}", file, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_cloud.Data, "s3-root-key")));
    }

    [Fact]
    public async Task Create_PrintsIdSecretAndAwsLines_ListShowsItWithoutSecret_DeleteRemovesIt()
    {
        var created = await _cloud.CliAsync("keys", "create", "--description", "backups");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = created.Stdout.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        var secret = created.Stdout.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches("^NK[A-Z0-9]{18}$", id);
        Assert.Equal(40, secret.Length);
        Assert.Contains($"aws configure set aws_access_key_id {id} --profile nimbus-key", created.Stdout, StringComparison.Ordinal);
        Assert.Contains($"aws configure set aws_secret_access_key {secret} --profile nimbus-key", created.Stdout, StringComparison.Ordinal);

        var table = await _cloud.CliAsync("keys", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(id, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("backups", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, table.Stdout, StringComparison.Ordinal);

        var deleted = await _cloud.CliAsync("keys", "delete", id);
        var again = await _cloud.CliAsync("keys", "delete", id);

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("nimbus keys list", again.Stderr, StringComparison.Ordinal);
        var after = await _cloud.CliAsync("keys", "list", "--output", "json");
        Assert.DoesNotContain(id, after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateJson_CarriesTheSecret_DeleteOfAMalformedId_IsInvalidInput()
    {
        var created = await _cloud.CliAsync("keys", "create", "--output", "json");
        var key = JsonSerializer.Deserialize(created.Stdout, NimbusJson.Default.AccessKeyInfo)!;

        var malformed = await _cloud.CliAsync("keys", "delete", "not-a-key");

        Assert.Equal(40, key.SecretAccessKey!.Length);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("nimbus keys list", malformed.Stderr, StringComparison.Ordinal);
    }
}
