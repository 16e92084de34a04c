using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Domains;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Certificates;

/// <summary>Hands out a certificate for each host Nimbus serves — <c>localhost</c>, <c>APP.localhost</c>,
/// <c>APP.DOMAIN</c>, the cloud domain itself and custom domains — and for nothing else. Leaves from the local CA are
/// kept per host until a third of their life is left, so every edge asking for the same host gets the same one.</summary>
internal sealed class CertificateService(
    LocalCertificateAuthority authority,
    ResourceRepository<App> apps,
    ResourceRepository<Domain> domains,
    DomainCertificateFiles files,
    ControlPlaneOptions options,
    TimeProvider time)
{
    // Bounded by what is served: hosts are checked against apps and domains before anything is issued.
    private readonly ConcurrentDictionary<string, IssuedCertificate> _issued = new(StringComparer.Ordinal);

    public async Task<IssueOutcome> IssueAsync(string hostInput, CancellationToken ct)
    {
        var host = HostNames.Normalize(hostInput, out var error, minLabels: 1);
        if (host is null)
        {
            return IssueOutcome.Invalid($"host {error}");
        }
        var domain = options.CloudDomain;
        var app = AppLabel(host, HostNames.Localhost) ?? AppLabel(host, domain);
        var served = host == HostNames.Localhost || host == domain || (app is not null && await AppExistsAsync(app, ct).ConfigureAwait(false));
        if (!served)
        {
            var custom = await domains.GetAsync(ObjectMeta.DefaultProject, host, ct).ConfigureAwait(false);
            if (custom is null)
            {
                return IssueOutcome.Missing($"no app or domain '{host}'; " + (app is null
                    ? $"add one with nimbus domains add APP {host}"
                    : $"app '{app}' does not exist (deploy it), or add a domain with nimbus domains add APP {host}"));
            }
            if (custom.Spec.CustomCertificate)
            {
                return Custom(host, custom);
            }
        }
        return IssueOutcome.Issued(FromAuthority(host));
    }

    /// <summary>The cached leaf while more than a third of its life is left; a new one otherwise.</summary>
    private IssuedCertificate FromAuthority(string host)
    {
        var now = time.GetUtcNow();
        if (_issued.TryGetValue(host, out var cached) && !RenewalDue(cached, now))
        {
            return cached;
        }
        var fresh = authority.Issue(host, now);
        _issued[host] = fresh;
        return fresh;
    }

    internal static bool RenewalDue(IssuedCertificate certificate, DateTimeOffset now) =>
        certificate.NotAfter - now < (certificate.NotAfter - certificate.NotBefore) / 3;

    private IssueOutcome Custom(string host, Domain domain)
    {
        if (files.Read(host) is not { } pem)
        {
            return IssueOutcome.Unavailable($"the custom certificate of '{host}' is missing from {files.CertificatePath(host)}; add the domain again with nimbus domains add {domain.Spec.App} {host} --cert FILE --key FILE");
        }
        using var leaf = X509Certificate2.CreateFromPem(pem.CertificatePem);
        return IssueOutcome.Issued(new IssuedCertificate
        {
            Host = host,
            CertificatePem = pem.CertificatePem,
            KeyPem = pem.KeyPem,
            NotBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime()),
            NotAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
        });
    }

    private async ValueTask<bool> AppExistsAsync(string name, CancellationToken ct) =>
        Names.IsValid(name) && await apps.GetAsync(ObjectMeta.DefaultProject, name, ct).ConfigureAwait(false) is not null;

    /// <summary>"hello" for hello.SUFFIX; null when the host is not exactly one label under the suffix.</summary>
    private static string? AppLabel(string host, string suffix)
    {
        if (!HostNames.IsUnder(host, suffix) || host.Length == suffix.Length)
        {
            return null;
        }
        var label = host[..(host.Length - suffix.Length - 1)];
        return label.Contains('.', StringComparison.Ordinal) ? null : label;
    }
}
