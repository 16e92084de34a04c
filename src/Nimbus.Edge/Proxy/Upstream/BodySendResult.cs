namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>How sending the request body went: bytes read from the client, and which side failed, if any.</summary>
internal readonly record struct BodySendResult(long Bytes, Exception? ClientError, Exception? UpstreamError);
