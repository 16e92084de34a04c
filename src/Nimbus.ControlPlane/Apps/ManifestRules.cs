using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Apps;

/// <summary>Server-side checks of a manifest sent by a client (the CLI checks the file first; the API trusts nobody).</summary>
internal static class ManifestRules
{
    public static void Validate(AppManifest manifest, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(manifest.Run))
        {
            errors["manifest.run"] = ["the command that starts the app is required"];
        }
        if (manifest.CpuMillis is <= 0 or > 1_024_000)
        {
            errors["manifest.cpuMillis"] = ["must be between 1 and 1024000 (thousandths of a core)"];
        }
        if (manifest.MemoryBytes < 16L * 1024 * 1024)
        {
            errors["manifest.memoryBytes"] = ["must be at least 16 MiB"];
        }
        if (manifest.Metrics is null || (manifest.Metrics.Length > 0 && (!manifest.Metrics.StartsWith('/') || manifest.Metrics.Length > 256 || manifest.Metrics.Any(c => c <= ' ' || c is '#' or '?'))))
        {
            errors["manifest.metrics"] = ["must be empty or a path such as /metrics"];
        }
        if (!manifest.Health.Path.StartsWith('/'))
        {
            errors["manifest.health.path"] = ["must start with '/'"];
        }
        if (manifest.Health.Interval <= TimeSpan.Zero || manifest.Health.Timeout <= TimeSpan.Zero)
        {
            errors["manifest.health"] = ["interval and timeout must be positive"];
        }
        foreach (var key in manifest.Env.Keys.Where(k => !Names.IsValidEnvName(k)))
        {
            errors[$"manifest.env.{key}"] = ["not a valid environment variable name"];
        }
        ValidateEdge(manifest.Edge, errors);
        if (manifest.Logs is { } logs)
        {
            Add(errors, "manifest.logs.retention", logs.Retention is { } retention ? LogLimits.CheckRetention(retention) : null);
            Add(errors, "manifest.logs.maxBytes", logs.MaxBytes is { } bytes ? LogLimits.CheckMaxBytes(bytes) : null);
        }
        if (manifest.Autoscale is { } autoscale)
        {
            Add(errors, "manifest.autoscale.min", AutoscaleLimits.CheckMin(autoscale.Min));
            Add(errors, "manifest.autoscale.max", AutoscaleLimits.CheckMax(autoscale.Min, autoscale.Max));
            Add(errors, "manifest.autoscale.metric", AutoscaleLimits.CheckMetric(autoscale.Metric));
            Add(errors, "manifest.autoscale.target", AutoscaleLimits.CheckTarget(autoscale.Metric, autoscale.Target));
            Add(errors, "manifest.autoscale.scaleDownWindow", AutoscaleLimits.CheckWindow(autoscale.ScaleDownWindow));
            if (!errors.ContainsKey("manifest.autoscale.min"))
            {
                Add(errors, "manifest.autoscale.min", AutoscaleLimits.CheckScaleToZero(autoscale));
            }
        }
    }

    /// <summary>The same limits nimbus.yaml is read with (<see cref="EdgeLimits"/>), for a manifest sent as JSON.</summary>
    private static void ValidateEdge(EdgeSettings? edge, Dictionary<string, string[]> errors)
    {
        if (edge is null)
        {
            // "edge": null in the JSON; leaving the field out gets the defaults.
            errors["manifest.edge"] = ["must be an object; leave it out for the defaults"];
            return;
        }
        Add(errors, "manifest.edge.balance", EdgeLimits.CheckBalance(edge.Balance));
        if (edge.RateLimit is { } limit)
        {
            Add(errors, "manifest.edge.rateLimit.rate", EdgeLimits.CheckRate(limit.Rate));
            Add(errors, "manifest.edge.rateLimit.burst", EdgeLimits.CheckBurst(limit.Burst));
        }
        Add(errors, "manifest.edge.drain", EdgeLimits.CheckDrain(edge.Drain));
        Add(errors, "manifest.edge.timeout", EdgeLimits.CheckTimeout(edge.Timeout));
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors[field] = [problem];
        }
    }
}
