using System.Globalization;
using Nimbus.Api.Resources;
using YamlDotNet.RepresentationModel;

namespace Nimbus.Api.Manifests;

/// <summary>Reads the <c>edge:</c> section of nimbus.yaml into <see cref="EdgeSettings"/>, checking every value
/// against <see cref="EdgeLimits"/> (the same limits the control plane applies to a manifest sent over the API).</summary>
internal sealed class YamlEdgeReader(YamlFieldReader fields)
{
    private static readonly string[] EdgeFields = ["balance", "rate_limit", "cache", "https_redirect", "drain", "timeout"];
    private static readonly string[] RateLimitFields = ["rate", "burst"];

    public void Read(YamlNode key, YamlNode value, EdgeSettings edge)
    {
        var section = fields.Mapping(key, value, "edge", "'balance: round_robin'");
        if (section is null)
        {
            return;
        }
        foreach (var (fieldNode, fieldValue) in section.Children)
        {
            var name = fields.Key(fieldNode, "edge");
            var field = "edge." + name;
            switch (name)
            {
                case null:
                    break;
                case "balance":
                    ReadBalance(fieldNode, fieldValue, field, edge);
                    break;
                case "rate_limit":
                    edge.RateLimit = ReadRateLimit(fieldNode, fieldValue, field);
                    break;
                case "cache":
                    edge.Cache = fields.Bool(fieldNode, fieldValue, field) ?? edge.Cache;
                    break;
                case "https_redirect":
                    edge.HttpsRedirect = fields.Bool(fieldNode, fieldValue, field) ?? edge.HttpsRedirect;
                    break;
                case "drain":
                    edge.Drain = Duration(fieldNode, fieldValue, field, allowZero: true, EdgeLimits.CheckDrain) ?? edge.Drain;
                    break;
                case "timeout":
                    edge.Timeout = Duration(fieldNode, fieldValue, field, allowZero: false, EdgeLimits.CheckTimeout) ?? edge.Timeout;
                    break;
                default:
                    fields.Unknown(fieldNode, field, name, EdgeFields);
                    break;
            }
        }
    }

    private void ReadBalance(YamlNode key, YamlNode value, string field, EdgeSettings edge)
    {
        if (!fields.TryScalar(key, value, field, out var text) || text is null)
        {
            return;
        }
        if (EdgeLimits.CheckBalance(text) is { } problem)
        {
            // The problem already lists the policies; only a near miss is worth a second hint.
            var hint = FieldSuggester.Hint(text, BalancePolicies.All);
            fields.Error(key, field, $"{problem}, got '{text}'{(hint.StartsWith(" (did you mean", StringComparison.Ordinal) ? hint : "")}");
            return;
        }
        edge.Balance = text;
    }

    private RateLimitSettings? ReadRateLimit(YamlNode key, YamlNode value, string field)
    {
        var section = fields.Mapping(key, value, field, "'rate: 50'");
        if (section is null)
        {
            return null;
        }
        double? rate = null;
        int? burst = null;
        var valid = true;
        foreach (var (fieldNode, fieldValue) in section.Children)
        {
            var name = fields.Key(fieldNode, field);
            var inner = field + "." + name;
            switch (name)
            {
                case null:
                    valid = false;
                    break;
                case "rate":
                    rate = ReadRate(fieldNode, fieldValue, inner);
                    valid &= rate is not null;
                    break;
                case "burst":
                    burst = ReadBurst(fieldNode, fieldValue, inner);
                    valid &= burst is not null;
                    break;
                default:
                    fields.Unknown(fieldNode, inner, name, RateLimitFields);
                    valid = false;
                    break;
            }
        }
        if (rate is null)
        {
            if (valid)
            {
                fields.Error(key, field + ".rate", "required: requests per second each client may make, e.g. 'rate: 50'");
            }
            return null;
        }
        return valid ? new RateLimitSettings { Rate = rate.Value, Burst = burst ?? EdgeLimits.DefaultBurst(rate.Value) } : null;
    }

    private double? ReadRate(YamlNode key, YamlNode value, string field)
    {
        if (!fields.TryScalar(key, value, field, out var text))
        {
            return null;
        }
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
        {
            fields.Error(key, field, $"expected requests per second such as 50 or 0.5, got '{text}'");
            return null;
        }
        if (EdgeLimits.CheckRate(rate) is { } problem)
        {
            fields.Error(key, field, $"{problem}, got '{text}'");
            return null;
        }
        return rate;
    }

    private int? ReadBurst(YamlNode key, YamlNode value, string field)
    {
        if (!fields.TryScalar(key, value, field, out var text))
        {
            return null;
        }
        if (text is null || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var burst))
        {
            fields.Error(key, field, $"expected a whole number of requests such as 100, got '{text}'");
            return null;
        }
        if (EdgeLimits.CheckBurst(burst) is { } problem)
        {
            fields.Error(key, field, $"{problem}, got '{text}'");
            return null;
        }
        return burst;
    }

    private TimeSpan? Duration(YamlNode key, YamlNode value, string field, bool allowZero, Func<TimeSpan, string?> check)
    {
        if (fields.Duration(key, value, field, allowZero) is not { } duration)
        {
            return null;
        }
        if (check(duration) is { } problem)
        {
            fields.Error(key, field, $"{problem}, got '{((YamlScalarNode)value).Value}'");
            return null;
        }
        return duration;
    }
}
