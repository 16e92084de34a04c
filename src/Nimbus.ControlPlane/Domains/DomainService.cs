using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Certificates;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Domains;

/// <summary>Adds, changes and removes custom domains: every rule a host, its app and its certificate must meet,
/// and the custom certificate files kept beside (not in) the state store.</summary>
internal sealed class DomainService(
    ResourceRepository<Domain> domains,
    ResourceRepository<App> apps,
    DomainCertificateFiles files,
    EventRecorder events,
    ControlPlaneOptions options,
    TimeProvider time)
{
    public const string HostField = "host";
    public const string AppField = "app";

    public async Task<DomainOutcome> PutAsync(string hostInput, PutDomainRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var host = CheckHost(hostInput, options.CloudDomain, errors);
        if (!Names.IsValid(request.App))
        {
            errors[AppField] = [$"'{request.App}' is not an app name ({Names.Rule})"];
        }
        var hasCertificate = !string.IsNullOrWhiteSpace(request.CertificatePem);
        var hasKey = !string.IsNullOrWhiteSpace(request.KeyPem);
        DateTimeOffset? notAfter = null;
        if (hasCertificate != hasKey)
        {
            errors[hasCertificate ? CustomCertificateCheck.KeyField : CustomCertificateCheck.CertificateField] =
                ["a custom certificate needs both the certificate and its key (--cert FILE --key FILE)"];
        }
        else if (hasCertificate && host is not null)
        {
            notAfter = CustomCertificateCheck.Validate(host, request.CertificatePem!, request.KeyPem!, time.GetUtcNow(), errors);
        }
        if (errors.Count > 0 || host is null)
        {
            return DomainOutcome.Invalid(errors);
        }

        var app = await apps.GetAsync(ObjectMeta.DefaultProject, request.App, ct).ConfigureAwait(false);
        if (app is null)
        {
            return DomainOutcome.Missing($"app '{request.App}' does not exist; deploy it first ('nimbus apps' lists apps)");
        }
        if (app.Metadata.DeletionRequested is not null)
        {
            return DomainOutcome.Conflict($"app '{request.App}' is being destroyed; domains cannot be added to it");
        }
        var existing = await domains.GetAsync(ObjectMeta.DefaultProject, host, ct).ConfigureAwait(false);
        if (existing is not null && existing.Spec.App != request.App)
        {
            return DomainOutcome.Conflict($"'{host}' already routes to app '{existing.Spec.App}'; remove it first with 'nimbus domains remove {host}'");
        }

        var hadCertificate = existing?.Spec.CustomCertificate == true;
        if (hasCertificate)
        {
            files.Write(host, request.CertificatePem!, request.KeyPem!);
        }
        var domain = existing ?? new Domain { Metadata = new ObjectMeta { Name = host } };
        domain.Spec = new DomainSpec { App = request.App, CustomCertificate = hasCertificate, CertificateNotAfter = notAfter };
        var result = existing is null
            ? await domains.CreateAsync(domain, ct).ConfigureAwait(false)
            : await domains.UpdateAsync(domain, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            if (existing is null && hasCertificate)
            {
                files.Delete(host);
            }
            return DomainOutcome.Conflict($"'{host}' was changed by someone else at the same time; list domains and retry");
        }
        if (!hasCertificate && hadCertificate)
        {
            files.Delete(host);
        }
        await events.NormalAsync($"domain/{host}", request.App, existing is null ? "DomainAdded" : "DomainChanged",
            $"{host} → {request.App} ({(hasCertificate ? $"custom certificate until {notAfter:yyyy-MM-dd}" : "certificate from the local CA")})", ct).ConfigureAwait(false);
        return DomainOutcome.Done(result.Value!);
    }

    public async Task<DomainOutcome> DeleteAsync(string hostInput, CancellationToken ct)
    {
        var host = HostNames.Normalize(hostInput, out _) ?? hostInput;
        var existing = await domains.GetAsync(ObjectMeta.DefaultProject, host, ct).ConfigureAwait(false);
        if (existing is null)
        {
            return DomainOutcome.Missing($"domain '{host}' does not exist ('nimbus domains list' shows them)");
        }
        var result = await domains.DeleteAsync(ObjectMeta.DefaultProject, host, existing.Metadata.ResourceVersion, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result.Status == WriteStatus.NotFound
                ? DomainOutcome.Missing($"domain '{host}' does not exist")
                : DomainOutcome.Conflict($"'{host}' was changed by someone else at the same time; retry");
        }
        files.Delete(host);
        await events.NormalAsync($"domain/{host}", existing.Spec.App, "DomainRemoved", $"{host} no longer routes to {existing.Spec.App}", ct).ConfigureAwait(false);
        return DomainOutcome.Done(existing);
    }

    /// <summary>The normalised host, or null with the reason in <paramref name="errors"/>.</summary>
    internal static string? CheckHost(string input, string cloudDomain, Dictionary<string, string[]> errors)
    {
        var host = HostNames.Normalize(input, out var error);
        if (host is null)
        {
            errors[HostField] = [error!];
            return null;
        }
        if (HostNames.IsLocalhost(host))
        {
            errors[HostField] = [$"'{host}' is under .localhost, which every app gets automatically (APP.localhost)"];
            return null;
        }
        if (HostNames.IsUnder(host, cloudDomain))
        {
            errors[HostField] = [$"'{host}' is under the cloud domain {cloudDomain}, which every app gets automatically (APP.{cloudDomain})"];
            return null;
        }
        return host;
    }
}
