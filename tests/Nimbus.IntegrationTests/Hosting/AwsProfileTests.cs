using System.Diagnostics;
using Nimbus.Api.Client;
using Nimbus.ControlPlane;
using Nimbus.Hosting;

namespace Nimbus.IntegrationTests.Hosting;

/// <summary>The root access key of a data directory and the AWS files <c>nimbus up</c> writes: formats (frozen),
/// modes, reuse across starts, and a real AWS client (botocore) reading them.</summary>
public sealed class AwsProfileTests : IAsyncLifetime
{
    private const string Token = "test-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly RootAccessKey Key = new("NKABCDEFGHIJ12345678", "abcdEFGH0123456789+/abcdEFGH0123456789+/");
    private readonly string _data = Directory.CreateTempSubdirectory("nimbus-aws-profile-").FullName;
    private ControlPlaneHost? _plane;
    private NimbusClient? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_plane is not null)
        {
            await _plane.DisposeAsync();
        }
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public void CredentialsAndConfig_AreFrozenFormats()
    {
        Assert.Equal("[nimbus]\naws_access_key_id = NKABCDEFGHIJ12345678\naws_secret_access_key = abcdEFGH0123456789+/abcdEFGH0123456789+/\n",
            AwsProfile.CredentialsText(Key));
        Assert.Equal("[profile nimbus]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9000\ns3 =\n  addressing_style = path\n  signature_version = s3v4\n\n" +
            "[plugins]\ncli_legacy_plugin_path = /data/aws-cli-plugins\nnimbus_endpoint = nimbus_endpoint\n",
            AwsProfile.ConfigText("us-east-1", "http://127.0.0.1:9000", "/data/aws-cli-plugins"));
    }

    [Fact]
    public void RootKeyFile_Format1_IsFrozen_AndReadsBack()
    {
        var text = AwsProfile.RootKeyText(Key);

        Assert.Equal("# The root S3 access key 'nimbus up' made. Delete it ('nimbus keys delete ID') and the next start makes a new one.\n" +
            "format = 1\naccess_key_id = NKABCDEFGHIJ12345678\nsecret_access_key = abcdEFGH0123456789+/abcdEFGH0123456789+/\n", text);
        var path = Path.Combine(_data, "s3-root-key");
        File.WriteAllText(path, text);
        Assert.Equal(Key, AwsProfile.TryReadRootKey(path));
    }

    [Theory]
    [InlineData("format = 2\naccess_key_id = NKABCDEFGHIJ12345678\nsecret_access_key = abcdEFGH0123456789+/abcdEFGH0123456789+/\n")]
    [InlineData("format = 1\naccess_key_id = not-a-key\nsecret_access_key = abcdEFGH0123456789+/abcdEFGH0123456789+/\n")]
    [InlineData("format = 1\naccess_key_id = NKABCDEFGHIJ12345678\nsecret_access_key = short\n")]
    [InlineData("")]
    public void RootKeyFile_NotOneThisVersionReads_IsIgnored(string text)
    {
        var path = Path.Combine(_data, "s3-root-key");
        File.WriteAllText(path, text);

        Assert.Null(AwsProfile.TryReadRootKey(path));
    }

    [Fact]
    public void RootKeyFile_WidenedByHand_IsNarrowedTo0600WhenRead()
    {
        var path = Path.Combine(_data, "s3-root-key");
        File.WriteAllText(path, AwsProfile.RootKeyText(Key));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        AwsProfile.TryReadRootKey(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void WriteFiles_CredentialsAre0600_ConfigIs0644_EvenOverAWiderOldFile()
    {
        var credentials = Path.Combine(_data, "aws-credentials");
        File.WriteAllText(credentials, "old");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        AwsProfile.WriteFiles(_data, Key, "us-east-1", "http://127.0.0.1:9000");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentials));
        Assert.Equal(AwsProfile.CredentialsText(Key), File.ReadAllText(credentials));
        var config = Path.Combine(_data, "aws-config");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(config));
        Assert.Equal(AwsProfile.ConfigText("us-east-1", "http://127.0.0.1:9000", AwsProfile.PluginDirectory(_data)), File.ReadAllText(config));
        Assert.Empty(Directory.GetFiles(_data, "*.tmp"));
    }

    [Fact]
    public async Task WrittenFiles_ReadByBotocore_GiveTheProfilesKeyRegionEndpointAndPathStyle()
    {
        AwsProfile.WriteFiles(_data, Key, "us-east-1", "http://127.0.0.1:9000");
        const string script = """
            import botocore.session
            s = botocore.session.Session(profile='nimbus')
            c = s.get_credentials()
            cfg = s.get_scoped_config()
            print(c.access_key, c.secret_key, s.get_config_variable('region'), cfg['endpoint_url'], cfg['s3']['addressing_style'])
            """;
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_data, "aws-credentials");
        info.Environment["AWS_CONFIG_FILE"] = Path.Combine(_data, "aws-config");
        using var python = Process.Start(info)!;
        var stdout = python.StandardOutput.ReadToEndAsync();
        var stderr = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync().WaitAsync(Timeout);

        Assert.True(python.ExitCode == 0, $"python3 + botocore (Debian: python3-botocore) failed: {await stderr}");
        Assert.Equal($"{Key.AccessKeyId} {Key.SecretAccessKey} us-east-1 http://127.0.0.1:9000 path", (await stdout).Trim());
    }

    [Fact]
    public async Task EnsureRootKey_MadeOnce_ReusedWhileItExists_RemadeWhenDeleted()
    {
        var client = await StartControlPlaneAsync();

        var first = await AwsProfile.EnsureRootKeyAsync(client, _data, default).WaitAsync(Timeout);
        var again = await AwsProfile.EnsureRootKeyAsync(client, _data, default).WaitAsync(Timeout);

        Assert.Equal(first, again);
        var listed = Assert.Single((await client.ListAccessKeysAsync(default)).Items);
        Assert.Equal(first.AccessKeyId, listed.AccessKeyId);
        Assert.Equal("root", listed.Description);
        var file = Path.Combine(_data, "s3-root-key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(first, AwsProfile.TryReadRootKey(file));

        await client.DeleteAccessKeyAsync(first.AccessKeyId, default).WaitAsync(Timeout);
        var remade = await AwsProfile.EnsureRootKeyAsync(client, _data, default).WaitAsync(Timeout);

        Assert.NotEqual(first.AccessKeyId, remade.AccessKeyId);
        Assert.Equal(remade.AccessKeyId, Assert.Single((await client.ListAccessKeysAsync(default)).Items).AccessKeyId);
        Assert.Equal(remade, AwsProfile.TryReadRootKey(file));
    }

    private async Task<NimbusClient> StartControlPlaneAsync()
    {
        var state = Directory.CreateDirectory(Path.Combine(_data, "control-plane")).FullName;
        _plane = await ControlPlaneHost.StartAsync(new ControlPlaneOptions { DataDirectory = state, AdminToken = Token, Port = 0 }, _ => { }, default)
            .WaitAsync(Timeout);
        _client = new NimbusClient(_plane.Address, Token);
        return _client;
    }
}
