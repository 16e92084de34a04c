namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>How copying the response body went; <see cref="Reusable"/> when it ended exactly where the framing said,
/// with no stray bytes after it.</summary>
internal readonly record struct BodyCopyResult(ForwardError Error, long Bytes, bool Reusable, string? Detail = null);
