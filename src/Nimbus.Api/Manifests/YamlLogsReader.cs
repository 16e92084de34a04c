using Nimbus.Api.Resources;
using YamlDotNet.RepresentationModel;

namespace Nimbus.Api.Manifests;

/// <summary>Reads the <c>logs:</c> section of nimbus.yaml:
/// <code>
/// logs:
///   retention: 3d     # 1h–365d; default 7d
///   max_size: 64Mi    # per node, 1Mi–1Ti; default 256Mi
/// </code></summary>
internal sealed class YamlLogsReader(YamlFieldReader fields)
{
    private static readonly string[] Fields = ["retention", "max_size"];

    public LogSettings? Read(YamlNode key, YamlNode value)
    {
        var section = fields.Mapping(key, value, "logs", "'retention: 3d' and 'max_size: 64Mi'");
        if (section is null)
        {
            return null;
        }
        var settings = new LogSettings();
        foreach (var (fieldNode, fieldValue) in section.Children)
        {
            var name = fields.Key(fieldNode, "logs");
            var field = "logs." + name;
            switch (name)
            {
                case null:
                    break;
                case "retention":
                    if (fields.TryScalar(fieldNode, fieldValue, field, out var text) && text is not null)
                    {
                        if (!Quantities.TryParseDuration(text, out var retention, LogLimits.MaxRetention))
                        {
                            fields.Error(fieldNode, field, $"expected a duration such as 12h or 30d (at most 365d), got '{text}'");
                        }
                        else if (LogLimits.CheckRetention(retention) is { } problem)
                        {
                            fields.Error(fieldNode, field, $"{problem}, got '{text}'");
                        }
                        else
                        {
                            settings.Retention = retention;
                        }
                    }
                    break;
                case "max_size":
                    if (fields.TryScalar(fieldNode, fieldValue, field, out var size) && size is not null)
                    {
                        if (!Quantities.TryParseBytes(size, out var bytes))
                        {
                            fields.Error(fieldNode, field, $"expected a size such as 64Mi or 2Gi, got '{size}'");
                        }
                        else if (LogLimits.CheckMaxBytes(bytes) is { } problem)
                        {
                            fields.Error(fieldNode, field, $"{problem}, got '{size}'");
                        }
                        else
                        {
                            settings.MaxBytes = bytes;
                        }
                    }
                    break;
                default:
                    fields.Unknown(fieldNode, field, name, Fields);
                    break;
            }
        }
        return settings;
    }
}
