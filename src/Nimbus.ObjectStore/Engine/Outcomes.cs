namespace Nimbus.ObjectStore.Engine;

/// <summary>Result of a write that creates a version (PUT, Copy, CompleteMultipartUpload).</summary>
public readonly record struct WriteOutcome(EngineStatus Status, ObjectVersion? Version);

/// <summary>Result of a lookup; <see cref="Version"/> is set for Ok and for DeleteMarker.</summary>
public readonly record struct ObjectLookup(EngineStatus Status, ObjectVersion? Version);

/// <summary>Result of a delete: the version id removed or the delete marker created.</summary>
public readonly record struct DeleteOutcome(EngineStatus Status, string? VersionId, bool DeleteMarker);

public readonly record struct UploadOutcome(EngineStatus Status, MultipartUpload? Upload);

public readonly record struct PartOutcome(EngineStatus Status, PartInfo? Part);
