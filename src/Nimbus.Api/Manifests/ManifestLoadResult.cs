using System.Diagnostics.CodeAnalysis;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Manifests;

/// <summary>Either the manifest an app folder describes and the file it came from, or every error found.</summary>
public sealed class ManifestLoadResult
{
    private ManifestLoadResult(AppManifest? manifest, string? sourceFile, IReadOnlyList<ManifestError> errors)
    {
        Manifest = manifest;
        SourceFile = sourceFile;
        Errors = errors;
    }

    /// <summary>The manifest, when there were no errors.</summary>
    public AppManifest? Manifest { get; }

    /// <summary>"nimbus.yaml", "nimbus.yml" or "Procfile": the file that was read, when there was one.</summary>
    public string? SourceFile { get; }

    /// <summary>Every problem found, in file order; empty on success.</summary>
    public IReadOnlyList<ManifestError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Manifest), nameof(SourceFile))]
    public bool Succeeded => Manifest is not null && SourceFile is not null;

    internal static ManifestLoadResult Success(AppManifest manifest, string sourceFile) => new(manifest, sourceFile, []);

    internal static ManifestLoadResult Failure(IReadOnlyList<ManifestError> errors, string? sourceFile) => new(null, sourceFile, errors);
}
