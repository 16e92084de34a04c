using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Certificates;
using Nimbus.ControlPlane.Controllers;
using Nimbus.ControlPlane.Domains;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Tests.Domains;

/// <summary>Domains, certificates and the local CA over a real SQLite store and data directory, with a hand-moved clock.</summary>
internal sealed class DomainFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public DomainFixture()
    {
        Data = Directory.CreateTempSubdirectory("nimbus-dom-").FullName;
        Options = new ControlPlaneOptions { DataDirectory = Data, CloudDomain = "nimbus.internal" };
        Store = SqliteStateStore.Open(Options.StatePath, Time);
        Apps = new ResourceRepository<App>(Store, ResourceKinds.Apps, Time);
        Domains = new ResourceRepository<Domain>(Store, ResourceKinds.Domains, Time);
        var events = new EventRecorder(new ResourceRepository<Event>(Store, ResourceKinds.Events, Time), Time);
        Authority = LocalCertificateAuthority.LoadOrCreate(Options.CaDirectory, Time.GetUtcNow());
        Files = new DomainCertificateFiles(Options);
        Service = new DomainService(Domains, Apps, Files, events, Options, Time);
        Certificates = new CertificateService(Authority, Apps, Domains, Files, Options, Time);
        Controller = new DomainController(Domains, Files, events);
    }

    public string Data { get; }
    public ManualTimeProvider Time { get; } = new(Start);
    public ControlPlaneOptions Options { get; }
    public SqliteStateStore Store { get; }
    public ResourceRepository<App> Apps { get; }
    public ResourceRepository<Domain> Domains { get; }
    public LocalCertificateAuthority Authority { get; }
    public DomainCertificateFiles Files { get; }
    public DomainService Service { get; }
    public CertificateService Certificates { get; }
    public DomainController Controller { get; }

    public async Task AddAppAsync(string name) =>
        await Apps.CreateAsync(new App { Metadata = new ObjectMeta { Name = name }, Spec = new AppSpec { Release = "v1" } }, default);

    public async Task<ClusterSnapshot> SnapshotAsync() =>
        new([], (await Apps.ListAsync("default", default)).Items, [], [], Time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        Authority.Dispose();
        await Store.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }
}
