using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Nimbus.IntegrationTests.Edge;
using Nimbus.IntegrationTests.ObjectStore;

namespace Nimbus.IntegrationTests.Telemetry;

/// <summary>Debian's Prometheus, configured with nothing but the control plane's http_sd URL (and the token file),
/// scrapes every Nimbus process and answers a query for the edge's per-app request counter.</summary>
public sealed class PrometheusTests : IAsyncLifetime
{
    private const string Prometheus = "/usr/bin/prometheus";
    private const string Promtool = "/usr/bin/promtool";
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Prometheus_WithOnlyTheHttpSdUrl_ScrapesEveryRoleAndTheEdgesRequestsForTheApp()
    {
        // echo serves its own metrics too: listed for a second job (?targets=apps) that sends apps no token.
        await _cloud.DeployAsync(EchoApp.Copy(EchoApp.Manifest("echo", "metrics: /metrics\n")));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_cloud.Http!, "/"));
            request.Headers.Host = "echo.localhost";
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var work = Directory.CreateTempSubdirectory("nimbus-prom-").FullName;
        try
        {
            var port = FreePort();
            var config = Path.Combine(work, "prometheus.yml");
            var credentials = Path.Combine(_cloud.Data, "credentials");
            // `type: Bearer` spelled out: Prometheus 2.42's http_sd sends the bare token when the type is left to default.
            await File.WriteAllTextAsync(config, $"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: nimbus
                    authorization: {"{"} type: Bearer, credentials_file: {credentials} {"}"}
                    http_sd_configs:
                      - url: {new Uri(_cloud.Api, "/v1/metrics/targets")}
                        refresh_interval: 5s
                        authorization: {"{"} type: Bearer, credentials_file: {credentials} {"}"}
                  - job_name: nimbus-apps
                    http_sd_configs:
                      - url: {new Uri(_cloud.Api, "/v1/metrics/targets?targets=apps")}
                        refresh_interval: 5s
                        authorization: {"{"} type: Bearer, credentials_file: {credentials} {"}"}
                """);
            using var prometheus = Process.Start(new ProcessStartInfo(Prometheus)
            {
                ArgumentList = { "--config.file", config, "--storage.tsdb.path", Path.Combine(work, "data"),
                    "--web.listen-address", $"127.0.0.1:{port}" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var log = new StringBuilder();
            prometheus.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            prometheus.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            prometheus.BeginErrorReadLine();
            prometheus.BeginOutputReadLine();
            try
            {
                var api = new Uri($"http://127.0.0.1:{port}/api/v1/");
                var roles = await WithLog(log, Poll.UntilAsync(async () =>
                {
                    using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri(api, "targets?state=active")));
                    var up = targets.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                        .Where(t => t.GetProperty("health").GetString() == "up")
                        .Select(t => t.GetProperty("labels").GetProperty("nimbus_role").GetString()!)
                        .ToHashSet();
                    return up.SetEquals(["control-plane", "agent", "edge", "storage", "app"]) ? up : null;
                }, TimeSpan.FromSeconds(60), "Prometheus to scrape every Nimbus role successfully"));
                Assert.Equal(5, roles.Count);

                var value = await Poll.UntilAsync(async () =>
                {
                    var query = Uri.EscapeDataString("nimbus_edge_requests_total{app=\"echo\",code=\"2xx\",nimbus_role=\"edge\"}");
                    using var result = JsonDocument.Parse(await http.GetStringAsync(new Uri(api, "query?query=" + query)));
                    var series = result.RootElement.GetProperty("data").GetProperty("result");
                    return series.GetArrayLength() == 1 ? series[0].GetProperty("value")[1].GetString() : null;
                }, TimeSpan.FromSeconds(30), "the edge's request counter for echo in Prometheus");
                Assert.True(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) >= 5, $"requests_total = {value}");

                // The app's own series, labelled with its app and instance by the discovery.
                await Poll.UntilAsync(async () =>
                {
                    var query = Uri.EscapeDataString("echo_requests_total{job=\"nimbus-apps\",app=\"echo\",nimbus_role=\"app\"}");
                    using var result = JsonDocument.Parse(await http.GetStringAsync(new Uri(api, "query?query=" + query)));
                    return result.RootElement.GetProperty("data").GetProperty("result").GetArrayLength() == 1;
                }, TimeSpan.FromSeconds(30), "the app's own metric in Prometheus");
            }
            finally
            {
                prometheus.Kill();
                await prometheus.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task MetricsEndpoints_OfEveryRole_PassPromtoolsChecks()
    {
        await _cloud.DeployAsync(EchoApp.Copy());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _cloud.Token);
        using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri(_cloud.Api, "/v1/metrics/targets")));
        var checkedRoles = new List<string>();
        foreach (var group in targets.RootElement.EnumerateArray())
        {
            var labels = group.GetProperty("labels");
            var url = $"{labels.GetProperty("__scheme__").GetString()}://{group.GetProperty("targets")[0].GetString()}{labels.GetProperty("__metrics_path__").GetString()}";
            var text = await http.GetStringAsync(url);
            var role = labels.GetProperty("nimbus_role").GetString()!;
            var expected = role switch
            {
                "control-plane" => "# TYPE nimbus_api_request_duration_seconds histogram",
                "agent" => "nimbus_instance_memory_usage_bytes{app=\"echo\"",
                "edge" => "# TYPE nimbus_edge_requests_total counter",
                _ => "", // the object store's series appear with its first S3 request
            };
            Assert.Contains(expected, text);
            var input = Path.GetTempFileName();
            try
            {
                await File.WriteAllTextAsync(input, text);
                var check = await ExternalTool.RunAsync("/bin/sh", ["-c", $"{Promtool} check metrics < '{input}'"], new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
                // Exit 3 is lint only; the runtime's own gauges (dotnet_assembly_count, ...) keep the names .NET gives
                // them although promtool's lint dislikes a _count suffix on a gauge. Anything else must pass cleanly.
                var lint = check.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(check.ExitCode == 0 || (check.ExitCode == 3 && lint.All(line => line.StartsWith("dotnet_", StringComparison.Ordinal))),
                    $"{url}:\n{check}\n{text}");
            }
            finally
            {
                File.Delete(input);
            }
            checkedRoles.Add(role);
        }
        Assert.Equal(["control-plane", "agent", "edge", "storage"], checkedRoles);

        // The config `nimbus up` wrote for a stock Prometheus is one Prometheus accepts.
        var config = await ExternalTool.RunAsync(Promtool, ["check", "config", Path.Combine(_cloud.Data, "prometheus.yml")], new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
        Assert.True(config.ExitCode == 0, config.ToString());

        using var anonymous = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(_cloud.Api, "/metrics"))).StatusCode);
    }

    /// <summary>Prometheus's own log in the failure message, when waiting on it fails.</summary>
    private static async Task<T> WithLog<T>(StringBuilder log, Task<T> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException ex)
        {
            lock (log)
            {
                throw new TimeoutException(ex.Message + Environment.NewLine + "prometheus:" + Environment.NewLine + log, ex);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
