namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>How the request body is delimited on the way to the instance.</summary>
internal enum RequestFraming
{
    /// <summary>No body (Content-Length: 0 is still sent when the client sent it).</summary>
    None,
    /// <summary>The client's Content-Length.</summary>
    ContentLength,
    /// <summary>Length unknown (HTTP/1.1 chunked or HTTP/2 without content-length): chunked.</summary>
    Chunked,
}
