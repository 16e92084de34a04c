namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>The parts of a response head the forwarder acts on; header fields themselves stay in
/// <see cref="HeaderRange"/>s over the received bytes.</summary>
internal struct ResponseHead
{
    public int Status;
    /// <summary>HTTP/1.0: the connection closes after the response unless it says keep-alive.</summary>
    public bool Http10;
    /// <summary>-1 when absent.</summary>
    public long ContentLength;
    public bool HasTransferEncoding;
    /// <summary>The final transfer coding is chunked.</summary>
    public bool Chunked;
    public bool ConnectionClose;
    public bool KeepAlive;
    /// <summary>Connection names other fields (they are hop-by-hop too).</summary>
    public bool ConnectionListsFields;
    public int HeaderCount;
    /// <summary>Bytes of the head, final empty line included.</summary>
    public int Length;
    /// <summary>Why the head is invalid (a static string).</summary>
    public string? Error;
}
