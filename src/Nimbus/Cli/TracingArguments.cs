using System.CommandLine;
using Nimbus.Edge;

namespace Nimbus.Cli;

/// <summary>The tracing options of a command that runs an edge (<c>nimbus up</c>, <c>nimbus edge</c>), checked the same way
/// for both.</summary>
internal static class TracingArguments
{
    public static readonly Option<string> Tracing = new("--tracing")
    {
        Description = "on: the edge records every request's journey (nimbus trace, the access log); off: it only passes traceparent on",
        DefaultValueFactory = _ => "on",
    };

    public static readonly Option<string?> OtlpEndpoint = new("--otlp-endpoint")
    {
        Description = "Also export the edge's spans over OTLP/HTTP to this URL (e.g. http://collector:4318; /v1/traces is added when no path is given)",
    };

    public static readonly Option<string?> OtlpHeaders = new("--otlp-headers")
    {
        Description = "Headers for the OTLP export, as k1=v1,k2=v2 (OTEL_EXPORTER_OTLP_HEADERS format)",
    };

    public static readonly Option<double> OtlpSample = new("--otlp-sample")
    {
        Description = "Share of the traces the edge starts that it exports, 0-1 (a client's sampled traceparent is always followed; every request is still recorded locally)",
        DefaultValueFactory = _ => 1,
    };

    static TracingArguments() => Tracing.AcceptOnlyFromAmong("on", "off");

    public static IEnumerable<Option> All => [Tracing, OtlpEndpoint, OtlpHeaders, OtlpSample];

    /// <summary>Sets the edge's tracing options from the command line; a clear error for an endpoint that is not a URL.</summary>
    public static void ApplyTo(EdgeOptions options, ParseResult result)
    {
        options.Tracing = result.GetValue(Tracing) != "off";
        var endpoint = result.GetValue(OtlpEndpoint);
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
            {
                throw new CliException(ExitCodes.InvalidInput, $"--otlp-endpoint '{endpoint}' is not an http(s) URL, e.g. http://127.0.0.1:4318");
            }
            if (!options.Tracing)
            {
                throw new CliException(ExitCodes.InvalidInput, "--otlp-endpoint needs --tracing on: the spans it exports are the ones tracing records");
            }
            options.OtlpEndpoint = url.AbsolutePath is "" or "/" ? new Uri(url, "/v1/traces") : url;
        }
        var sample = result.GetValue(OtlpSample);
        if (sample is <= 0 or > 1 || double.IsNaN(sample))
        {
            throw new CliException(ExitCodes.InvalidInput, $"--otlp-sample must be more than 0 and at most 1 (0.1 exports one trace in ten), got {sample}");
        }
        options.OtlpSampleRatio = sample;
        var headers = result.GetValue(OtlpHeaders);
        if (headers is not null)
        {
            foreach (var pair in headers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (pair.IndexOf('=') <= 0)
                {
                    throw new CliException(ExitCodes.InvalidInput, $"--otlp-headers: '{pair}' is not key=value (e.g. authorization=Bearer%20TOKEN)");
                }
            }
            options.OtlpHeaders = headers;
        }
    }
}
