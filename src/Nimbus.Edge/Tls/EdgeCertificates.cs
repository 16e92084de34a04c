using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.Edge.Tls;

/// <summary>The edge's certificates by host (the SNI name, lower-cased): fetched from the issuer on the first
/// handshake for a host, one fetch per host at a time, renewed in the background once a third of the life is left,
/// unknown hosts remembered for <see cref="EdgeCertificateOptions.UnknownHostTtl"/>, at most
/// <see cref="EdgeCertificateOptions.MaxCertificates"/> kept. Readers never lock.</summary>
/// <remarks>Evicted or replaced certificates are not disposed: a handshake may still be using them; the GC frees them.</remarks>
internal sealed partial class EdgeCertificates(ICertificateIssuer issuer, TimeProvider time, ILogger<EdgeCertificates> logger, EdgeCertificateOptions? options = null)
{
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private readonly EdgeCertificateOptions _options = options ?? new EdgeCertificateOptions();
    private readonly ConcurrentDictionary<string, CertificateEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknown = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<CertificateEntry?>> _fetches = new(StringComparer.Ordinal);
    // Bumped by Invalidate: a fetch that started before it must not put back what was just invalidated.
    private long _generation;

    public int Count => _entries.Count;

    /// <summary>When set, hosts it rejects are refused without asking the control plane: a client sending random SNI
    /// names then costs nothing but the handshake. The edge sets it to "has a route, or is localhost or the domain".</summary>
    public Func<string, bool>? Serves { get; set; }

    /// <summary>For Kestrel's <c>listenOptions.UseHttps(edgeCertificates.CreateHandshakeOptions())</c>: SNI picks the
    /// host's certificate, no SNI (a client that connected to an IP) gets the one for <c>localhost</c>, and a host Nimbus
    /// does not serve fails the handshake (rather than a certificate for another name, which the client would reject
    /// anyway with a less helpful error). ALPN offers h2 and http/1.1: the listener must allow both.</summary>
    public TlsHandshakeCallbackOptions CreateHandshakeOptions() => new()
    {
        OnConnection = async context =>
        {
            var name = context.ClientHelloInfo.ServerName;
            var host = string.IsNullOrEmpty(name) ? HostNames.Localhost : name;
            var entry = await GetEntryAsync(host, context.CancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                LogHandshakeRefused(host);
                throw new AuthenticationException($"no certificate for '{host}': not an app or domain of this Nimbus");
            }
            return entry.ServerOptions;
        },
    };

    /// <summary>The host's certificate (with its key), or null when the host is not served.</summary>
    public async ValueTask<X509Certificate2?> GetCertificateAsync(string host, CancellationToken cancellationToken) =>
        (await GetEntryAsync(host, cancellationToken).ConfigureAwait(false))?.Certificate;

    /// <summary>Forgets the host's certificate (and that it was unknown): the next handshake fetches again. Call it when
    /// a Domain changes or goes.</summary>
    public void Invalidate(string host)
    {
        var key = Key(host);
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(key, out _);
        _unknown.TryRemove(key, out _);
    }

    internal ValueTask<CertificateEntry?> GetEntryAsync(string host, CancellationToken cancellationToken)
    {
        var key = Key(host);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && now < entry.NotAfter)
        {
            Volatile.Write(ref entry.LastUsed, now.UtcTicks);
            if (now >= entry.RenewAt)
            {
                _ = Fetch(key);
            }
            return ValueTask.FromResult<CertificateEntry?>(entry);
        }
        if (_unknown.TryGetValue(key, out var until) && now < until)
        {
            return ValueTask.FromResult<CertificateEntry?>(null);
        }
        if (HostNames.Normalize(key, out _, minLabels: 1) is null || Serves?.Invoke(key) == false)
        {
            // Not a host name at all: no need to ask anyone.
            return ValueTask.FromResult<CertificateEntry?>(null);
        }
        return new ValueTask<CertificateEntry?>(Fetch(key).WaitAsync(cancellationToken));
    }

    /// <summary>The running fetch for the host, or a new one: never two at once for one host.</summary>
    private Task<CertificateEntry?> Fetch(string host)
    {
        while (true)
        {
            if (_fetches.TryGetValue(host, out var running))
            {
                return running;
            }
            var completion = new TaskCompletionSource<CertificateEntry?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_fetches.TryAdd(host, completion.Task))
            {
                _ = RunFetchAsync(host, completion);
                return completion.Task;
            }
        }
    }

    private async Task RunFetchAsync(string host, TaskCompletionSource<CertificateEntry?> completion)
    {
        var generation = Interlocked.Read(ref _generation);
        CertificateEntry? result = null;
        try
        {
            using var deadline = new CancellationTokenSource(_options.IssueTimeout, time);
            var issued = await issuer.IssueAsync(host, deadline.Token).ConfigureAwait(false);
            var current = generation == Interlocked.Read(ref _generation);
            if (issued is null)
            {
                LogUnknownHost(host);
                if (current)
                {
                    _entries.TryRemove(host, out _);
                    Remember(_unknown, host, time.GetUtcNow() + _options.UnknownHostTtl);
                }
            }
            else
            {
                result = Load(issued);
                LogCertificateLoaded(host, result.NotAfter);
                if (current)
                {
                    Store(host, result);
                }
            }
        }
        catch (Exception ex)
        {
            // The control plane is down or answered nonsense: keep serving a still-valid certificate, and do not
            // remember the host as unknown — the next handshake tries again (one fetch at a time).
            LogFetchFailed(host, ex);
            result = _entries.TryGetValue(host, out var still) && time.GetUtcNow() < still.NotAfter ? still : null;
        }
        finally
        {
            completion.TrySetResult(result);
            _fetches.TryRemove(new KeyValuePair<string, Task<CertificateEntry?>>(host, completion.Task));
        }
    }

    private CertificateEntry Load(IssuedCertificate issued)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(issued.CertificatePem);
        using var ephemeral = X509Certificate2.CreateFromPem(issued.CertificatePem, issued.KeyPem);
        // A key imported from PEM is ephemeral; a PKCS#12 round trip gives SslStream a key it can use on every platform.
        var leaf = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }
        var serverOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
            ApplicationProtocols = Alpn,
            // RFC 9113 section 9.2.1: no renegotiation under HTTP/2.
            AllowRenegotiation = false,
        };
        return new CertificateEntry(leaf, serverOptions, issued.NotBefore, issued.NotAfter) { LastUsed = time.GetUtcNow().UtcTicks };
    }

    private void Store(string host, CertificateEntry entry)
    {
        _entries[host] = entry;
        _unknown.TryRemove(host, out _);
        if (_entries.Count <= _options.MaxCertificates)
        {
            return;
        }
        // Over the bound: drop the least recently used tenth in one pass rather than one entry per insert.
        var victims = _entries.ToArray();
        Array.Sort(victims, static (a, b) => Volatile.Read(ref a.Value.LastUsed).CompareTo(Volatile.Read(ref b.Value.LastUsed)));
        var excess = _entries.Count - _options.MaxCertificates + Math.Max(1, _options.MaxCertificates / 10);
        for (var i = 0; i < excess && i < victims.Length; i++)
        {
            if (victims[i].Value != entry)
            {
                _entries.TryRemove(victims[i]);
            }
        }
    }

    private void Remember(ConcurrentDictionary<string, DateTimeOffset> unknown, string host, DateTimeOffset until)
    {
        if (unknown.Count >= _options.MaxCertificates)
        {
            var now = time.GetUtcNow();
            foreach (var (name, expiry) in unknown)
            {
                if (expiry <= now)
                {
                    unknown.TryRemove(name, out _);
                }
            }
            if (unknown.Count >= _options.MaxCertificates)
            {
                // Flooded with distinct names: forgetting them costs only a fetch each.
                unknown.Clear();
            }
        }
        unknown[host] = until;
    }

    private static string Key(string host)
    {
        var lower = host.ToLowerInvariant();
        return lower.EndsWith('.') ? lower[..^1] : lower;
    }
}
