namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>What <see cref="ResponseHeadParser"/> made of the bytes it was given.</summary>
internal enum ResponseHeadStatus
{
    /// <summary>No complete head yet and nothing wrong so far: read more.</summary>
    Incomplete,
    /// <summary>A whole, valid head.</summary>
    Complete,
    /// <summary>Not an HTTP/1.x response head, or over the limits; <see cref="ResponseHead.Error"/> says why.</summary>
    Invalid,
}
