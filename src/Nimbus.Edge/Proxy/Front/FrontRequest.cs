namespace Nimbus.Edge.Proxy.Front;

/// <summary>What the front reads from a client's request head; the header fields themselves stay as
/// <see cref="Upstream.HeaderRange"/>s over the received bytes.</summary>
internal struct FrontRequest
{
    /// <summary>Bytes of the head, final empty line included.</summary>
    public int Length;
    public int MethodLength;
    public int TargetStart;
    public int TargetLength;
    public int HostStart;
    public int HostLength;
    /// <summary>-1 when absent.</summary>
    public long ContentLength;
    /// <summary>Transfer-Encoding: chunked (the only coding the front takes).</summary>
    public bool Chunked;
    /// <summary>Expect: 100-continue — the client waits for a 100 before it sends the body.</summary>
    public bool ExpectContinue;
    /// <summary>The client asked to close the connection after this exchange.</summary>
    public bool Close;
    /// <summary>Connection names other fields (they are hop-by-hop too).</summary>
    public bool ConnectionListsFields;
    /// <summary>Where the client's one traceparent value starts (-1 absent, -2 more than one: a new trace then).</summary>
    public int TraceparentStart;
    public int TraceparentLength;
    /// <summary>The client's X-Request-Id when it is one the edge keeps, else -1.</summary>
    public int RequestIdStart;
    public int RequestIdLength;
    public int HeaderCount;
}
