using System.Diagnostics;

namespace Nimbus.IntegrationTests.Edge;

/// <summary>HTTPS through the edge as a user meets it: curl trusting only the CA that <c>nimbus ca export</c> prints.</summary>
[Collection(EdgeCloudCollection.Name)]
public sealed class EdgeTlsTests(EdgeCloudFixture fixture)
{
    private NimbusCloud Cloud => fixture.Cloud;

    private async Task<(int ExitCode, string Stdout, string Stderr)> CurlAsync(params string[] args)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-sS", "--max-time", "20", .. args])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private async Task<string> CaFileAsync()
    {
        var export = await Cloud.CliAsync("ca", "export");
        Assert.True(export.ExitCode == 0, export.ToString());
        var path = Path.Combine(Cloud.Data, "ca-export-test.pem");
        await File.WriteAllTextAsync(path, export.Stdout);
        return path;
    }

    [Theory]
    [InlineData("--http2")]
    [InlineData("--http1.1")]
    public async Task Https_WithTheExportedCa_Verifies(string version)
    {
        var port = Cloud.Https!.Port;

        var (code, stdout, stderr) = await CurlAsync(version, "--cacert", await CaFileAsync(), "--resolve", $"echo.localhost:{port}:127.0.0.1",
            "-w", "\n%{http_version}", $"https://echo.localhost:{port}/headers");

        Assert.True(code == 0, stderr);
        Assert.Contains("\"x-forwarded-proto\": \"https\"", stdout);
        Assert.EndsWith(version == "--http2" ? "2" : "1.1", stdout.Trim());
    }

    [Fact]
    public async Task Https_WithoutTheCa_IsRejectedByTheClient()
    {
        var port = Cloud.Https!.Port;

        var (code, _, _) = await CurlAsync("--resolve", $"echo.localhost:{port}:127.0.0.1", $"https://echo.localhost:{port}/");

        Assert.Equal(60, code); // curl: peer certificate cannot be authenticated with known CA certificates
    }
}
