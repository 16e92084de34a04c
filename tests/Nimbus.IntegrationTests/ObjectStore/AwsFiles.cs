namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>Reads the AWS shared-credentials file <c>nimbus up</c> writes, the way the AWS CLI would.</summary>
internal static class AwsFiles
{
    public static string CredentialsPath(string data) => Path.Combine(data, "aws-credentials");
    public static string ConfigPath(string data) => Path.Combine(data, "aws-config");

    public static (string AccessKey, string SecretKey) ReadCredentials(string data)
    {
        string? id = null, secret = null;
        var inProfile = false;
        foreach (var raw in File.ReadAllLines(CredentialsPath(data)))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inProfile = line == "[nimbus]";
                continue;
            }
            var eq = line.IndexOf('=');
            if (!inProfile || eq < 0)
            {
                continue;
            }
            var name = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (name == "aws_access_key_id")
            {
                id = value;
            }
            else if (name == "aws_secret_access_key")
            {
                secret = value;
            }
        }
        return (id ?? throw new InvalidDataException("no aws_access_key_id in [nimbus]"), secret ?? throw new InvalidDataException("no aws_secret_access_key in [nimbus]"));
    }

    /// <summary>Environment for an AWS CLI / boto3 child process using only the files Nimbus wrote.</summary>
    public static Dictionary<string, string> Environment(string data) => new()
    {
        ["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsPath(data),
        ["AWS_CONFIG_FILE"] = ConfigPath(data),
        ["AWS_PROFILE"] = "nimbus",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PAGER"] = "",
        ["HOME"] = Path.Combine(data, "home"),
    };
}
