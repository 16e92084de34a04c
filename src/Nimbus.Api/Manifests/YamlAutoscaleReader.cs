using System.Globalization;
using Nimbus.Api.Resources;
using YamlDotNet.RepresentationModel;

namespace Nimbus.Api.Manifests;

/// <summary>Reads the <c>autoscale:</c> section of nimbus.yaml:
/// <code>
/// autoscale:
///   min: 1
///   max: 5
///   rps: 100             # or cpu: 70%, p95: 300ms, inflight: 10 — exactly one
///   scale_down_window: 60s
/// </code>
/// checking every value against <see cref="AutoscaleLimits"/>.</summary>
internal sealed class YamlAutoscaleReader(YamlFieldReader fields)
{
    private static readonly string[] Fields = ["min", "max", "rps", "cpu", "p95", "inflight", "scale_down_window"];

    public AutoscaleSettings? Read(YamlNode key, YamlNode value)
    {
        var section = fields.Mapping(key, value, "autoscale", "'max: 5' and 'rps: 100'");
        if (section is null)
        {
            return null;
        }
        var settings = new AutoscaleSettings();
        var valid = true;
        int? max = null;
        foreach (var (fieldNode, fieldValue) in section.Children)
        {
            var name = fields.Key(fieldNode, "autoscale");
            var field = "autoscale." + name;
            switch (name)
            {
                case null:
                    valid = false;
                    break;
                case "min":
                    valid &= Count(fieldNode, fieldValue, field) is { } min && Check(fieldNode, field, AutoscaleLimits.CheckMin(min), () => settings.Min = min);
                    break;
                case "max":
                    max = Count(fieldNode, fieldValue, field);
                    valid &= max is not null;
                    break;
                case AutoscaleMetrics.Rps or AutoscaleMetrics.Cpu or AutoscaleMetrics.P95 or AutoscaleMetrics.InFlight:
                    if (settings.Metric.Length > 0)
                    {
                        fields.Error(fieldNode, field, $"only one target per app: '{settings.Metric}' is already set");
                        valid = false;
                        break;
                    }
                    settings.Metric = name;
                    valid &= Target(fieldNode, fieldValue, field, name) is { } target && Check(fieldNode, field, AutoscaleLimits.CheckTarget(name, target), () => settings.Target = target);
                    break;
                case "scale_down_window":
                    valid &= fields.Duration(fieldNode, fieldValue, field, allowZero: true) is { } window
                        && Check(fieldNode, field, AutoscaleLimits.CheckWindow(window), () => settings.ScaleDownWindow = window);
                    break;
                default:
                    fields.Unknown(fieldNode, field, name, Fields);
                    valid = false;
                    break;
            }
        }
        if (max is null)
        {
            if (valid)
            {
                fields.Error(key, "autoscale.max", "required: the most instances the app may have, e.g. 'max: 5'");
            }
            return null;
        }
        if (AutoscaleLimits.CheckMax(settings.Min, max.Value) is { } problem)
        {
            fields.Error(key, "autoscale.max", $"{problem}, got {max}");
            return null;
        }
        settings.Max = max.Value;
        if (settings.Metric.Length == 0)
        {
            if (valid)
            {
                fields.Error(key, "autoscale", "needs a target: one of 'rps: 100' (requests/s per instance), 'cpu: 70%', 'p95: 300ms' or 'inflight: 10' (per instance)");
            }
            return null;
        }
        if (valid && AutoscaleLimits.CheckScaleToZero(settings) is { } zero)
        {
            fields.Error(key, "autoscale.min", zero);
            return null;
        }
        return valid ? settings : null;
    }

    private bool Check(YamlNode key, string field, string? problem, Action apply)
    {
        if (problem is not null)
        {
            fields.Error(key, field, problem);
            return false;
        }
        apply();
        return true;
    }

    private int? Count(YamlNode key, YamlNode value, string field)
    {
        if (!fields.TryScalar(key, value, field, out var text))
        {
            return null;
        }
        if (text is null || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
        {
            fields.Error(key, field, $"expected a whole number of instances such as 3, got '{text}'");
            return null;
        }
        return count;
    }

    /// <summary>cpu: a percentage ("70%" or 70); p95: a duration ("300ms"), kept in milliseconds; others a number.</summary>
    private double? Target(YamlNode key, YamlNode value, string field, string metric)
    {
        if (metric == AutoscaleMetrics.P95)
        {
            return fields.Duration(key, value, field) is { } latency ? latency.TotalMilliseconds : null;
        }
        if (!fields.TryScalar(key, value, field, out var text))
        {
            return null;
        }
        var number = metric == AutoscaleMetrics.Cpu ? text?.TrimEnd('%').Trim() : text;
        if (number is null || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var target))
        {
            var example = metric switch
            {
                AutoscaleMetrics.Cpu => "a percentage of the instance's CPU such as 70%",
                AutoscaleMetrics.Rps => "requests per second per instance such as 100",
                _ => "requests in flight per instance such as 10",
            };
            fields.Error(key, field, $"expected {example}, got '{text}'");
            return null;
        }
        return target;
    }
}
