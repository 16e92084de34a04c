namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>How the instance's response body is delimited (RFC 9112 6.3).</summary>
internal enum ResponseFraming
{
    /// <summary>HEAD, 1xx, 204, 304.</summary>
    None,
    ContentLength,
    Chunked,
    /// <summary>Neither length nor chunked: the body ends when the instance closes the connection.</summary>
    UntilClose,
}
