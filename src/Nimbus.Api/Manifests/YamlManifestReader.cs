using System.Globalization;
using Nimbus.Api.Resources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nimbus.Api.Manifests;

/// <summary>Reads nimbus.yaml into an <see cref="AppManifest"/>, reporting every problem with its position.</summary>
internal sealed class YamlManifestReader
{
    public const int MaxInstances = 100;
    public const long MinMemoryBytes = 16L << 20;

    private static readonly string[] Fields = ["name", "run", "build", "instances", "cpu", "memory", "env", "health", "edge", "autoscale", "metrics", "logs"];
    private static readonly string[] HealthFields = ["path", "interval", "timeout", "start_grace"];

    private readonly string _file;
    private readonly bool _nameOverridden;
    private readonly List<ManifestError> _errors;
    private readonly YamlFieldReader _fields;
    private readonly AppManifest _manifest = new();

    private YamlManifestReader(string file, bool nameOverridden, List<ManifestError> errors)
    {
        _file = file;
        _nameOverridden = nameOverridden;
        _errors = errors;
        _fields = new YamlFieldReader(file, errors);
    }

    /// <summary>The manifest read so far (check <paramref name="errors"/>), or null when the file is not a YAML mapping.
    /// When <paramref name="nameOverridden"/>, the file's name: is not checked (the override replaces it).</summary>
    public static AppManifest? Read(string file, string text, bool nameOverridden, List<ManifestError> errors) =>
        new YamlManifestReader(file, nameOverridden, errors).Read(text);

    private AppManifest? Read(string text)
    {
        var root = Parse(text);
        if (root is null)
        {
            return null;
        }
        var sawRun = false;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = _fields.Key(keyNode, "");
            if (key is null)
            {
                continue;
            }
            sawRun |= key == "run";
            ReadField(keyNode, key, value);
        }
        if (!sawRun)
        {
            _fields.Error(root, "run", "required: the command that starts the app, e.g. 'run: python3 server.py'");
        }
        return _manifest;
    }

    private YamlMappingNode? Parse(string text)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            AddFileError((int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            AddFileError((int)parser.LastGood.Line, (int)parser.LastGood.Column, "invalid YAML after this point (an unclosed [ or {?)");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            AddFileError(0, 0, "the file is empty; it needs at least 'run: <command that starts the app>'");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            AddFileError((int)second.Start.Line, (int)second.Start.Column, "expected one YAML document, found more than one");
            return null;
        }
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            AddFileError((int)root.Start.Line, (int)root.Start.Column, "expected 'field: value' lines such as 'run: python3 server.py' at the top level");
            return null;
        }
        return mapping;
    }

    private void AddFileError(int line, int column, string message) => _errors.Add(new ManifestError(_file, line, column, "", message));

    private void ReadField(YamlNode key, string name, YamlNode value)
    {
        switch (name)
        {
            case "name":
                ReadName(key, value);
                break;
            case "run":
                ReadRun(key, value);
                break;
            case "build":
                if (_fields.TryScalar(key, value, name, out var build))
                {
                    _manifest.Build = build?.Trim() ?? "";
                }
                break;
            case "instances":
                ReadInstances(key, value);
                break;
            case "cpu":
                ReadCpu(key, value);
                break;
            case "memory":
                ReadMemory(key, value);
                break;
            case "env":
                ReadEnv(key, value);
                break;
            case "health":
                ReadHealth(key, value);
                break;
            case "edge":
                new YamlEdgeReader(_fields).Read(key, value, _manifest.Edge);
                break;
            case "metrics":
                ReadMetrics(key, value);
                break;
            case "autoscale":
                _manifest.Autoscale = new YamlAutoscaleReader(_fields).Read(key, value);
                break;
            case "logs":
                _manifest.Logs = new YamlLogsReader(_fields).Read(key, value);
                break;
            default:
                _fields.Unknown(key, name, name, Fields);
                break;
        }
    }

    private void ReadName(YamlNode key, YamlNode value)
    {
        if (!_fields.TryScalar(key, value, "name", out var name) || name is null)
        {
            return;
        }
        if (!_nameOverridden && !AppNames.IsValid(name))
        {
            _fields.Error(key, "name", $"'{name}' is not a valid app name: {AppNames.Rule}");
        }
        _manifest.Name = name;
    }

    private void ReadMetrics(YamlNode key, YamlNode value)
    {
        if (!_fields.TryScalar(key, value, "metrics", out var path) || path is null)
        {
            return;
        }
        if (!path.StartsWith('/') || path.Length > 256 || path.Any(c => c <= ' ' || c is '#' or '?'))
        {
            _fields.Error(key, "metrics", $"expected the path the app serves Prometheus metrics on, such as /metrics, got '{path}'");
            return;
        }
        _manifest.Metrics = path;
    }

    private void ReadRun(YamlNode key, YamlNode value)
    {
        if (!_fields.TryScalar(key, value, "run", out var run))
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(run))
        {
            _fields.Error(key, "run", "must not be empty: it is the command that starts the app, e.g. 'run: python3 server.py'");
            return;
        }
        _manifest.Run = run.Trim();
    }

    private void ReadInstances(YamlNode key, YamlNode value)
    {
        if (!_fields.TryScalar(key, value, "instances", out var text) || text is null)
        {
            return;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var instances))
        {
            _fields.Error(key, "instances", $"expected a whole number from 0 to {MaxInstances}, got '{text}'");
        }
        else if (instances is < 0 or > MaxInstances)
        {
            _fields.Error(key, "instances", $"must be from 0 to {MaxInstances}, got {instances}");
        }
        else
        {
            _manifest.Instances = instances;
        }
    }

    private void ReadCpu(YamlNode key, YamlNode value)
    {
        if (!_fields.TryScalar(key, value, "cpu", out var text) || text is null)
        {
            return;
        }
        if (Quantities.TryParseCpu(text, out var millis))
        {
            _manifest.CpuMillis = millis;
        }
        else
        {
            _fields.Error(key, "cpu", $"expected CPU cores such as 0.25 or 250m (at most 1024 cores), got '{text}'");
        }
    }

    private void ReadMemory(YamlNode key, YamlNode value)
    {
        if (!_fields.TryScalar(key, value, "memory", out var text) || text is null)
        {
            return;
        }
        if (!Quantities.TryParseBytes(text, out var bytes))
        {
            _fields.Error(key, "memory", $"expected a memory size such as 128Mi or 1Gi, got '{text}'");
        }
        else if (bytes < MinMemoryBytes)
        {
            _fields.Error(key, "memory", $"must be at least 16Mi, got '{text}'");
        }
        else
        {
            _manifest.MemoryBytes = bytes;
        }
    }

    private void ReadEnv(YamlNode key, YamlNode value)
    {
        var env = _fields.Mapping(key, value, "env", "'GREETING: hello'");
        if (env is null)
        {
            return;
        }
        foreach (var (nameNode, valueNode) in env.Children)
        {
            var name = _fields.Key(nameNode, "env");
            if (name is null)
            {
                continue;
            }
            var field = "env." + name;
            if (!EnvNames.IsValid(name))
            {
                _fields.Error(nameNode, field, $"'{name}' is not a valid environment variable name: {EnvNames.Rule}");
            }
            else if (_fields.TryScalar(nameNode, valueNode, field, out var text))
            {
                _manifest.Env[name] = text ?? "";
            }
        }
    }

    private void ReadHealth(YamlNode key, YamlNode value)
    {
        var health = _fields.Mapping(key, value, "health", "'path: /healthz'");
        if (health is null)
        {
            return;
        }
        var check = _manifest.Health;
        foreach (var (fieldNode, fieldValue) in health.Children)
        {
            var name = _fields.Key(fieldNode, "health");
            var field = "health." + name;
            switch (name)
            {
                case null:
                    break;
                case "path":
                    if (_fields.TryScalar(fieldNode, fieldValue, field, out var path) && path is not null)
                    {
                        if (path.StartsWith('/'))
                        {
                            check.Path = path;
                        }
                        else
                        {
                            _fields.Error(fieldNode, field, $"must start with '/', got '{path}'");
                        }
                    }
                    break;
                case "interval":
                    check.Interval = _fields.Duration(fieldNode, fieldValue, field) ?? check.Interval;
                    break;
                case "timeout":
                    check.Timeout = _fields.Duration(fieldNode, fieldValue, field) ?? check.Timeout;
                    break;
                case "start_grace":
                    check.StartGrace = _fields.Duration(fieldNode, fieldValue, field) ?? check.StartGrace;
                    break;
                default:
                    _fields.Unknown(fieldNode, field, name, HealthFields);
                    break;
            }
        }
    }
}
