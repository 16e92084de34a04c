using Nimbus.Api.Resources;
using Nimbus.Api.Security;

namespace Nimbus.Agent.Releases;

/// <summary>The complete environment of an app process: a clean base (never the agent's own, which holds
/// secrets), the release's env, and what Nimbus tells every instance — including where to send its spans (the standard
/// OTEL_* variables every OpenTelemetry SDK reads, with the app's own trace token; the release's env may override them).</summary>
internal static class InstanceEnvironment
{
    public static Dictionary<string, string> Build(Release release, string home, int? port, string? instanceId, AgentOptions? traces = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = BasePath(),
            ["HOME"] = home,
            ["LANG"] = "C.UTF-8",
            ["PYTHONUNBUFFERED"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["NIMBUS_APP"] = release.Spec.App,
            ["NIMBUS_RELEASE"] = release.Spec.Label,
        };
        if (traces is not null)
        {
            env["OTEL_SERVICE_NAME"] = release.Spec.App;
            env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = new Uri(traces.JoinUrl, "/v1/traces").ToString();
            env["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = "http/protobuf";
            env["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] = "Authorization=" + Uri.EscapeDataString("Bearer " + AppTraceTokens.For(traces.Token, release.Spec.App));
            env["OTEL_PROPAGATORS"] = "tracecontext";
        }
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            env["DOTNET_ROOT"] = dotnetRoot;
        }
        foreach (var (key, value) in release.Spec.Env)
        {
            env[key] = value;
        }
        if (port is { } p)
        {
            env["PORT"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (instanceId is not null)
        {
            env["NIMBUS_INSTANCE_ID"] = instanceId;
        }
        return env;
    }

    // System directories first; the agent's own PATH is not passed on (it may point into /root).
    private static string BasePath()
    {
        var dirs = new List<string> { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" };
        var dotnet = Path.GetDirectoryName(Environment.ProcessPath ?? "");
        if (dotnet is { Length: > 0 } && File.Exists(Path.Combine(dotnet, "dotnet")) && !dirs.Contains(dotnet))
        {
            dirs.Add(dotnet);
        }
        return string.Join(':', dirs);
    }
}
