using System.Security.Cryptography;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>The AWS CLI, boto3 and s3cmd, each configured only by the files <c>nimbus up</c> wrote (Debian's packages:
/// the test command installs them).</summary>
[Collection(S3CloudCollection.Name)]
public sealed class S3ClientToolTests(S3CloudFixture fixture) : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("nimbus-s3-tools-").FullName;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    private Dictionary<string, string> Env()
    {
        var env = AwsFiles.Environment(fixture.Cloud.Data);
        Directory.CreateDirectory(env["HOME"]);
        env["NIMBUS_S3"] = fixture.Endpoint.ToString().TrimEnd('/');
        return env;
    }

    private async Task<ExternalTool.Result> AwsAsync(params string[] args)
    {
        // Debian's AWS CLI v2, with nothing but the files Nimbus wrote (endpoint, region, keys): no --endpoint-url.
        var result = await ExternalTool.RunAsync("/usr/bin/aws", ["--profile", "nimbus", .. args], Env(), Timeout, _work);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result}");
        return result;
    }

    [Fact]
    public async Task AwsCli_CopySyncListRemove_RoundTrips()
    {
        var bucket = S3CloudFixture.NewBucket("cli");
        await AwsAsync("s3", "mb", $"s3://{bucket}");
        var source = Path.Combine(_work, "tree");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        var big = RandomNumberGenerator.GetBytes(20 * 1024 * 1024); // above the CLI's 8 MiB multipart threshold
        await File.WriteAllBytesAsync(Path.Combine(source, "big.bin"), big);
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "small.txt"), "small file");
        await File.WriteAllTextAsync(Path.Combine(source, "name with spaces & ü.txt"), "odd name");

        await AwsAsync("s3", "sync", source, $"s3://{bucket}/backup");
        var listing = await AwsAsync("s3", "ls", "--recursive", $"s3://{bucket}/backup/");
        Assert.Contains("backup/big.bin", listing.Stdout);
        Assert.Contains("backup/sub/small.txt", listing.Stdout);
        Assert.Contains("name with spaces & ü.txt", listing.Stdout);

        var back = Path.Combine(_work, "back");
        await AwsAsync("s3", "sync", $"s3://{bucket}/backup", back);
        Assert.Equal(big, await File.ReadAllBytesAsync(Path.Combine(back, "big.bin")));
        Assert.Equal("small file", await File.ReadAllTextAsync(Path.Combine(back, "sub", "small.txt")));

        // A second sync finds nothing to do.
        var again = await AwsAsync("s3", "sync", source, $"s3://{bucket}/backup");
        Assert.DoesNotContain("upload:", again.Stdout);

        await AwsAsync("s3", "cp", Path.Combine(source, "sub", "small.txt"), $"s3://{bucket}/one.txt");
        var presigned = await AwsAsync("s3", "presign", $"s3://{bucket}/one.txt", "--expires-in", "300");
        using var http = new HttpClient();
        Assert.Equal("small file", await http.GetStringAsync(presigned.Stdout.Trim()));

        await AwsAsync("s3", "rm", "--recursive", $"s3://{bucket}/");
        await AwsAsync("s3", "rb", $"s3://{bucket}");
    }

    [Fact]
    public async Task AwsCli_S3Api_MultipartVersioningTagging()
    {
        var bucket = S3CloudFixture.NewBucket("s3api");
        await AwsAsync("s3api", "create-bucket", "--bucket", bucket);
        await AwsAsync("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        var status = await AwsAsync("s3api", "get-bucket-versioning", "--bucket", bucket);
        Assert.Contains("Enabled", status.Stdout);

        var part = Path.Combine(_work, "part.bin");
        await File.WriteAllBytesAsync(part, RandomNumberGenerator.GetBytes(5 * 1024 * 1024));
        var init = await AwsAsync("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "mp", "--query", "UploadId", "--output", "text");
        var uploadId = init.Stdout.Trim();
        var etag1 = (await AwsAsync("s3api", "upload-part", "--bucket", bucket, "--key", "mp", "--upload-id", uploadId, "--part-number", "1", "--body", part, "--query", "ETag", "--output", "text")).Stdout.Trim();
        var etag2 = (await AwsAsync("s3api", "upload-part", "--bucket", bucket, "--key", "mp", "--upload-id", uploadId, "--part-number", "2", "--body", part, "--query", "ETag", "--output", "text")).Stdout.Trim();
        var parts = await AwsAsync("s3api", "list-parts", "--bucket", bucket, "--key", "mp", "--upload-id", uploadId);
        Assert.Contains("\"PartNumber\": 2", parts.Stdout);
        var layout = Path.Combine(_work, "parts.json");
        await File.WriteAllTextAsync(layout, $$"""{"Parts":[{"PartNumber":1,"ETag":{{etag1}}},{"PartNumber":2,"ETag":{{etag2}}}]}""");
        var done = await AwsAsync("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "mp", "--upload-id", uploadId, "--multipart-upload", $"file://{layout}");
        Assert.Contains("-2", done.Stdout);

        await AwsAsync("s3api", "put-object-tagging", "--bucket", bucket, "--key", "mp", "--tagging", "TagSet=[{Key=team,Value=storage}]");
        var tags = await AwsAsync("s3api", "get-object-tagging", "--bucket", bucket, "--key", "mp");
        Assert.Contains("storage", tags.Stdout);

        await AwsAsync("s3api", "put-object", "--bucket", bucket, "--key", "mp", "--body", part);
        var versions = await AwsAsync("s3api", "list-object-versions", "--bucket", bucket, "--query", "length(Versions)", "--output", "text");
        Assert.Equal("2", versions.Stdout.Trim());
    }

    [Fact]
    public async Task Boto3_Script_PassesEveryCheck()
    {
        var script = Path.Combine(Repo.Root, "tests", "Nimbus.IntegrationTests", "ObjectStore", "clients", "boto3_check.py");
        // Debian's python3 with Debian's python3-boto3, not whatever python is first on PATH.
        var result = await ExternalTool.RunAsync("/usr/bin/python3", [script, S3CloudFixture.NewBucket("boto3"), _work], Env(), Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("boto3 ok", result.Stdout);
    }

    [Fact]
    public async Task S3cmd_SyncRoundTrip()
    {
        var bucket = S3CloudFixture.NewBucket("s3cmd");
        var (id, secret) = AwsFiles.ReadCredentials(fixture.Cloud.Data);
        var config = Path.Combine(_work, "s3cfg");
        var host = $"127.0.0.1:{fixture.Endpoint.Port}";
        await File.WriteAllTextAsync(config, $"""
            [default]
            access_key = {id}
            secret_key = {secret}
            host_base = {host}
            host_bucket = {host}
            use_https = False
            signature_v2 = False
            bucket_location = us-east-1
            """);
        async Task<ExternalTool.Result> S3cmd(params string[] args)
        {
            var r = await ExternalTool.RunAsync("/usr/bin/s3cmd", ["-c", config, .. args], Env(), Timeout, _work);
            Assert.True(r.ExitCode == 0, $"s3cmd {string.Join(' ', args)}: {r}");
            return r;
        }
        var source = Path.Combine(_work, "s3cmd-src");
        Directory.CreateDirectory(Path.Combine(source, "d"));
        await File.WriteAllBytesAsync(Path.Combine(source, "d", "one.bin"), RandomNumberGenerator.GetBytes(70_000));
        await File.WriteAllTextAsync(Path.Combine(source, "two.txt"), "two");
        await S3cmd("mb", $"s3://{bucket}");
        await S3cmd("sync", source + "/", $"s3://{bucket}/");
        var dest = Path.Combine(_work, "s3cmd-dst");
        Directory.CreateDirectory(dest);
        await S3cmd("sync", $"s3://{bucket}/", dest + "/");
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(source, "d", "one.bin")), await File.ReadAllBytesAsync(Path.Combine(dest, "d", "one.bin")));
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(dest, "two.txt")));
    }
}
