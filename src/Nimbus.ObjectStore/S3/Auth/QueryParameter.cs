namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>One query parameter: as sent (for the canonical query) and decoded (for reading X-Amz-* values).</summary>
internal readonly record struct QueryParameter(string RawName, string RawValue, string Name, string Value);
