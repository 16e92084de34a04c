namespace Nimbus.Api.Resources;

/// <summary>A custom domain: requests for <c>Metadata.Name</c> (a lower-case host name) go to <see cref="DomainSpec.App"/>.
/// Stored at <c>/domains/PROJECT/HOST</c> and watchable like every kind. A custom certificate's key never enters the
/// state store: it lives in <c>&lt;data&gt;/domains/</c> (0600) and the resource only says there is one.</summary>
public sealed class Domain : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public DomainSpec Spec { get; set; } = new();
    public DomainStatus Status { get; set; } = new();
}

public sealed class DomainSpec
{
    /// <summary>The app the host routes to.</summary>
    public string App { get; set; } = "";

    /// <summary>True when the user gave a certificate and key; otherwise the local CA issues one.</summary>
    public bool CustomCertificate { get; set; }

    /// <summary>When the custom certificate expires (null without one).</summary>
    public DateTimeOffset? CertificateNotAfter { get; set; }
}

/// <summary>Nothing to report yet: a domain is in effect as soon as it is stored.</summary>
public sealed class DomainStatus
{
}
