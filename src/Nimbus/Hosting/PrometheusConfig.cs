using Nimbus.Api.Files;

namespace Nimbus.Hosting;

/// <summary>
/// <c>&lt;data&gt;/prometheus.yml</c>, written by `nimbus up`: a stock Prometheus scrapes the whole cloud with
/// <c>prometheus --config.file=&lt;data&gt;/prometheus.yml</c>. It names the control plane's http_sd URL (every Nimbus
/// process's /metrics) and the token file both need; the token itself stays in <c>credentials</c> (0600).
/// </summary>
internal static class PrometheusConfig
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "prometheus.yml");

    public static void Write(string dataDirectory, string apiUrl) =>
        AtomicFile.Write(PathIn(dataDirectory),
            Text(apiUrl.TrimEnd('/') + "/v1/metrics/targets", Path.Combine(dataDirectory, "credentials"), PathIn(dataDirectory)),
            AtomicFile.WorldReadable);

    /// <summary>`type: Bearer` is spelled out: Prometheus 2.42's http_sd sends the bare token when it is left to default.</summary>
    internal static string Text(string targetsUrl, string credentialsFile, string configFile) => $"""
        # Written by `nimbus up`: run `prometheus --config.file={configFile}`.
        global:
          scrape_interval: 5s
        scrape_configs:
          - job_name: nimbus
            authorization: {"{"} type: Bearer, credentials_file: {credentialsFile} {"}"}
            http_sd_configs:
              - url: {targetsUrl}
                refresh_interval: 15s
                authorization: {"{"} type: Bearer, credentials_file: {credentialsFile} {"}"}
          # Apps that serve their own metrics (`metrics: /metrics` in nimbus.yaml): no token is sent to them.
          - job_name: nimbus-apps
            http_sd_configs:
              - url: {targetsUrl}?targets=apps
                refresh_interval: 15s
                authorization: {"{"} type: Bearer, credentials_file: {credentialsFile} {"}"}

        """;
}
