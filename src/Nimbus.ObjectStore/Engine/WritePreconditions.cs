namespace Nimbus.ObjectStore.Engine;

/// <summary>
/// Conditions checked atomically with a write: <see cref="IfMatch"/> is an ETag (without quotes) the current
/// version must have; <see cref="IfNoneMatchAny"/> (If-None-Match: *) means the key must not exist.
/// </summary>
public readonly record struct WritePreconditions(string? IfMatch, bool IfNoneMatchAny)
{
    public static readonly WritePreconditions None = default;
}
