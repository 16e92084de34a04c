using System.Text;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Files;
using Nimbus.Api.Resources;

namespace Nimbus.Hosting;

/// <summary>The root S3 access key of a data directory and the AWS files that use it, so that
/// <c>AWS_SHARED_CREDENTIALS_FILE=&lt;data&gt;/aws-credentials AWS_CONFIG_FILE=&lt;data&gt;/aws-config aws --profile nimbus s3 ls</c>
/// works with no other setup. The key's id and secret are kept in <c>&lt;data&gt;/s3-root-key</c> (0600) so every
/// start reuses the same key while it exists, and makes a new one when someone deleted it.</summary>
internal static class AwsProfile
{
    public const string ProfileName = "nimbus";
    public const string Region = "us-east-1";
    public const string RootDescription = "root";

    /// <summary>Version of the <c>s3-root-key</c> file format; a change is deliberate (a golden test freezes it).</summary>
    public const int RootKeyFormat = 1;

    public static string RootKeyPath(string dataDirectory) => Path.Combine(dataDirectory, "s3-root-key");
    public static string CredentialsPath(string dataDirectory) => Path.Combine(dataDirectory, "aws-credentials");
    public static string ConfigPath(string dataDirectory) => Path.Combine(dataDirectory, "aws-config");
    public static string PluginDirectory(string dataDirectory) => Path.Combine(dataDirectory, "aws-cli-plugins");
    public const string PluginModule = "nimbus_endpoint";

    /// <summary>
    /// An AWS CLI v2 plugin that applies the profile's <c>endpoint_url</c> when the command line gives none. The CLI
    /// reads <c>endpoint_url</c> from the config file by itself only from 2.13 on; Debian 12 ships 2.9, which would
    /// otherwise send the profile's requests to AWS. Harmless on newer CLIs (it sets what they would set).
    /// </summary>
    internal const string PluginSource = """
        # Written by 'nimbus up': use the profile's endpoint_url on AWS CLI versions that do not read it (before 2.13).
        def awscli_initialize(cli):
            cli.register('session-initialized', _use_profile_endpoint)


        def _use_profile_endpoint(session, parsed_args, **kwargs):
            if getattr(parsed_args, 'endpoint_url', None) is None:
                url = session.get_scoped_config().get('endpoint_url')
                if url:
                    parsed_args.endpoint_url = url

        """;

    /// <summary>The root key: the one in <c>s3-root-key</c> if the control plane still has it (same secret), else a new
    /// key described "root", recorded in that file before it is returned.</summary>
    public static async Task<RootAccessKey> EnsureRootKeyAsync(NimbusClient client, string dataDirectory, CancellationToken ct)
    {
        var path = RootKeyPath(dataDirectory);
        if (TryReadRootKey(path) is { } stored)
        {
            var existing = await client.TryGetAsync("accesskeys", stored.AccessKeyId, NimbusJson.Default.AccessKey, ct).ConfigureAwait(false);
            if (existing is not null && existing.Spec.Secret == stored.SecretAccessKey)
            {
                return stored;
            }
        }
        var created = await client.CreateAccessKeyAsync(RootDescription, ct).ConfigureAwait(false);
        var key = new RootAccessKey(created.AccessKeyId, created.SecretAccessKey
            ?? throw new InvalidDataException("the API made an access key but did not answer with its secret"));
        AtomicFile.Write(path, RootKeyText(key), AtomicFile.OwnerOnly);
        return key;
    }

    /// <summary>Writes <c>aws-credentials</c> (0600) and <c>aws-config</c> (0644) for profile <c>nimbus</c>, each atomically.</summary>
    public static void WriteFiles(string dataDirectory, RootAccessKey key, string region, string endpointUrl)
    {
        AtomicFile.Write(CredentialsPath(dataDirectory), CredentialsText(key), AtomicFile.OwnerOnly);
        Directory.CreateDirectory(PluginDirectory(dataDirectory));
        AtomicFile.Write(Path.Combine(PluginDirectory(dataDirectory), PluginModule + ".py"), PluginSource, AtomicFile.WorldReadable);
        AtomicFile.Write(ConfigPath(dataDirectory), ConfigText(region, endpointUrl, PluginDirectory(dataDirectory)), AtomicFile.WorldReadable);
    }

    /// <summary>AWS shared-credentials format.</summary>
    internal static string CredentialsText(RootAccessKey key) =>
        $"[{ProfileName}]\naws_access_key_id = {key.AccessKeyId}\naws_secret_access_key = {key.SecretAccessKey}\n";

    /// <summary>AWS config format. Path-style addressing: <c>BUCKET.127.0.0.1</c> resolves nowhere, and
    /// virtual-hosted names need the Nimbus DNS. SigV4 for presigned URLs too: older botocore (Debian 12's) presigns
    /// with SigV2 unless told, which Nimbus does not accept.</summary>
    internal static string ConfigText(string region, string endpointUrl, string pluginDirectory) =>
        $"[profile {ProfileName}]\nregion = {region}\nendpoint_url = {endpointUrl}\ns3 =\n  addressing_style = path\n  signature_version = s3v4\n\n" +
        $"[plugins]\ncli_legacy_plugin_path = {pluginDirectory}\n{PluginModule} = {PluginModule}\n";

    internal static string RootKeyText(RootAccessKey key) =>
        $"# The root S3 access key 'nimbus up' made. Delete it ('nimbus keys delete ID') and the next start makes a new one.\n" +
        $"format = {RootKeyFormat}\naccess_key_id = {key.AccessKeyId}\nsecret_access_key = {key.SecretAccessKey}\n";

    /// <summary>The key in the file, or null when there is none or it is not one this version reads (a new key replaces it).</summary>
    internal static RootAccessKey? TryReadRootKey(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if ((File.GetUnixFileMode(path) & ~AtomicFile.OwnerOnly) != 0)
        {
            // Someone widened it (a copy, a restore): the secret is for this user alone.
            File.SetUnixFileMode(path, AtomicFile.OwnerOnly);
        }
        string? format = null, id = null, secret = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }
            var value = line[(equals + 1)..].Trim();
            switch (line[..equals].Trim())
            {
                case "format": format = value; break;
                case "access_key_id": id = value; break;
                case "secret_access_key": secret = value; break;
            }
        }
        return format == RootKeyFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && AccessKeyIds.IsValidId(id) && secret is { Length: AccessKeyIds.SecretLength }
            ? new RootAccessKey(id!, secret)
            : null;
    }
}
