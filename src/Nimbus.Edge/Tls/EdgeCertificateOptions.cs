namespace Nimbus.Edge.Tls;

/// <summary>Limits of the edge's certificate cache.</summary>
public sealed class EdgeCertificateOptions
{
    /// <summary>How long a host the control plane does not serve is answered from memory (a handshake for it fails)
    /// before the control plane is asked again — so a client retrying an unknown name cannot flood it.</summary>
    public TimeSpan UnknownHostTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Certificates kept at most; past it the least recently used go. Unknown hosts are bounded the same way.</summary>
    public int MaxCertificates { get; set; } = 1000;

    /// <summary>Deadline of one request to the issuer.</summary>
    public TimeSpan IssueTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
