using YamlDotNet.RepresentationModel;

namespace Nimbus.Api.Manifests;

/// <summary>Reads typed values out of YAML nodes for one manifest file, collecting an error (with the key's
/// line and column and the field's path) for every value that does not fit instead of stopping at the first.</summary>
internal sealed class YamlFieldReader
{
    private readonly string _file;
    private readonly List<ManifestError> _errors;

    public YamlFieldReader(string file, List<ManifestError> errors)
    {
        _file = file;
        _errors = errors;
    }

    public void Error(YamlNode at, string field, string message) =>
        _errors.Add(new ManifestError(_file, (int)at.Start.Line, (int)at.Start.Column, field, message));

    /// <summary>The key's text, or null (with an error) when the key is not a plain scalar.</summary>
    public string? Key(YamlNode key, string parentField)
    {
        if (key is YamlScalarNode { Value: { } text })
        {
            return text;
        }
        Error(key, parentField, "field names must be plain text");
        return null;
    }

    public void Unknown(YamlNode key, string field, string name, IReadOnlyList<string> known) =>
        Error(key, field, $"unknown field '{name}'{FieldSuggester.Hint(name, known)}");

    /// <summary>False (with an error) when the value is a list or mapping; <paramref name="text"/> is null for a YAML null.</summary>
    public bool TryScalar(YamlNode key, YamlNode value, string field, out string? text)
    {
        text = null;
        if (value is not YamlScalarNode scalar)
        {
            Error(key, field, $"expected a single value, got {Describe(value)}");
            return false;
        }
        if (!IsNull(scalar))
        {
            text = scalar.Value ?? "";
        }
        return true;
    }

    /// <summary>The mapping, or null when the value is a YAML null (no error) or not a mapping (error).</summary>
    public YamlMappingNode? Mapping(YamlNode key, YamlNode value, string field, string example)
    {
        if (value is YamlMappingNode mapping)
        {
            return mapping;
        }
        if (value is not YamlScalarNode scalar || !IsNull(scalar))
        {
            Error(key, field, $"expected fields such as {example}, got {Describe(value)}");
        }
        return null;
    }

    /// <summary>The duration, or null (with an error) when it is not one; zero only when <paramref name="allowZero"/>.</summary>
    public TimeSpan? Duration(YamlNode key, YamlNode value, string field, bool allowZero = false)
    {
        if (!TryScalar(key, value, field, out var text) || text is null)
        {
            return null;
        }
        if (!Resources.Quantities.TryParseDuration(text, out var duration))
        {
            Error(key, field, $"expected a duration such as 500ms, 2s or 1m, got '{text}'");
            return null;
        }
        if (duration <= TimeSpan.Zero && !allowZero)
        {
            Error(key, field, $"must be longer than 0, got '{text}'");
            return null;
        }
        return duration;
    }

    /// <summary>true or false (any case), or null (with an error) for anything else.</summary>
    public bool? Bool(YamlNode key, YamlNode value, string field)
    {
        if (!TryScalar(key, value, field, out var text) || text is null)
        {
            return null;
        }
        if (bool.TryParse(text, out var flag))
        {
            return flag;
        }
        Error(key, field, $"expected true or false, got '{text}'");
        return null;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode { Value: var v } => $"'{v}'",
        _ => "something else",
    };
}
