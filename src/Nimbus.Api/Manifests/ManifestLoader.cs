using Nimbus.Api.Resources;

namespace Nimbus.Api.Manifests;

/// <summary>
/// Finds and reads what an app folder says about how to build and run it: <c>nimbus.yaml</c> (or
/// <c>nimbus.yml</c>), else a <c>Procfile</c>'s <c>web:</c> line. Every problem is reported, not just the first.
/// </summary>
public static class ManifestLoader
{
    public const string YamlName = "nimbus.yaml";
    public const string YmlName = "nimbus.yml";
    public const string ProcfileName = "Procfile";

    /// <summary>Manifests are small; anything bigger is a mistake (or not a manifest).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Loads the manifest of <paramref name="appDirectory"/>. The app's name is
    /// <paramref name="nameOverride"/> when given, else the manifest's <c>name:</c>, else the folder's name
    /// lower-cased with anything but [a-z0-9] turned into '-'.</summary>
    public static ManifestLoadResult Load(string appDirectory, string? nameOverride = null)
    {
        ArgumentNullException.ThrowIfNull(appDirectory);
        if (!Directory.Exists(appDirectory))
        {
            return ManifestLoadResult.Failure([new ManifestError("", 0, 0, "", $"folder '{appDirectory}' does not exist")], null);
        }
        var errors = new List<ManifestError>();
        var (source, manifest) = Read(appDirectory, nameOverride is not null, errors);
        if (source is null)
        {
            return ManifestLoadResult.Failure(errors, null);
        }
        ResolveName(manifest, source, nameOverride, appDirectory, errors);
        return errors.Count == 0 && manifest is not null
            ? ManifestLoadResult.Success(manifest, source)
            : ManifestLoadResult.Failure(errors, source);
    }

    private static (string? Source, AppManifest? Manifest) Read(string directory, bool nameOverridden, List<ManifestError> errors)
    {
        var hasYaml = File.Exists(Path.Join(directory, YamlName));
        var hasYml = File.Exists(Path.Join(directory, YmlName));
        if (hasYaml && hasYml)
        {
            errors.Add(new ManifestError(YmlName, 0, 0, "", $"both {YamlName} and {YmlName} exist; keep one"));
            return (YamlName, null);
        }
        if (hasYaml || hasYml)
        {
            var source = hasYaml ? YamlName : YmlName;
            var text = ReadText(directory, source, errors);
            return (source, text is null ? null : YamlManifestReader.Read(source, text, nameOverridden, errors));
        }
        if (File.Exists(Path.Join(directory, ProcfileName)))
        {
            var text = ReadText(directory, ProcfileName, errors);
            return (ProcfileName, text is null ? null : ProcfileReader.Read(text, errors));
        }
        errors.Add(new ManifestError("", 0, 0, "",
            $"no {YamlName} or {ProcfileName} in '{directory}'; add a {YamlName} such as\n" +
            "    name: hello\n" +
            "    run: python3 server.py\n" +
            $"or a {ProcfileName} with a line such as 'web: python3 server.py'"));
        return (null, null);
    }

    private static string? ReadText(string directory, string file, List<ManifestError> errors)
    {
        var path = Path.Join(directory, file);
        if (new FileInfo(path).Length > MaxFileBytes)
        {
            errors.Add(new ManifestError(file, 0, 0, "", $"the file is larger than {MaxFileBytes >> 20} MiB"));
            return null;
        }
        return File.ReadAllText(path);
    }

    private static void ResolveName(AppManifest? manifest, string source, string? nameOverride, string directory, List<ManifestError> errors)
    {
        if (nameOverride is not null)
        {
            if (!AppNames.IsValid(nameOverride))
            {
                errors.Add(new ManifestError("", 0, 0, "name", $"'{nameOverride}' (given to override the manifest's name) is not a valid app name: {AppNames.Rule}"));
            }
            manifest?.Name = nameOverride;
            return;
        }
        if (manifest is null || manifest.Name.Length > 0)
        {
            return;
        }
        var fromFolder = AppNames.FromDirectory(directory);
        if (!AppNames.IsValid(fromFolder))
        {
            errors.Add(new ManifestError(source, 0, 0, "name",
                $"the folder's name does not make a valid app name ('{fromFolder}'); set 'name:' in {YamlName} or pass a name: {AppNames.Rule}"));
        }
        manifest.Name = fromFolder;
    }
}
