namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>One step of <see cref="ChunkedDecoder"/>.</summary>
internal enum ChunkedStatus
{
    /// <summary>The bytes so far end inside framing: read more.</summary>
    NeedMore,
    /// <summary>A slice of body data.</summary>
    Data,
    /// <summary>The last chunk and the trailer section were read: the body is whole.</summary>
    Done,
    /// <summary>Not chunked encoding, or over the limits.</summary>
    Invalid,
}
