namespace Nimbus.Api.Bundles;

/// <summary>Something the packer will write: a folder, or a file with where to read its content.</summary>
/// <param name="Name">Path inside the bundle as the tar stores it: '/'-separated, folders ending in '/'.</param>
/// <param name="SourcePath">For a file, what to read (a symlink's target); null for a folder.</param>
/// <param name="Executable">Stored as 0755 rather than 0644.</param>
internal readonly record struct PackEntry(string Name, string? SourcePath, bool Executable)
{
    public bool IsDirectory => SourcePath is null;
}
