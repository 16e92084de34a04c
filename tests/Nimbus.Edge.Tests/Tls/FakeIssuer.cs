using System.Collections.Concurrent;
using Nimbus.Api.Contracts;
using Nimbus.Edge.Tls;

namespace Nimbus.Edge.Tests.Tls;

/// <summary>Issues from a <see cref="TestAuthority"/> for the hosts it knows, counts calls, and can be held or made to fail.</summary>
internal sealed class FakeIssuer(TestAuthority authority, TimeProvider time, params string[] hosts) : ICertificateIssuer
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public HashSet<string> Hosts { get; } = new(hosts, StringComparer.Ordinal);
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>While set, every call waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }
    public bool Fail { get; set; }

    public int Calls(string host) => _calls.GetValueOrDefault(host);

    public async Task<IssuedCertificate?> IssueAsync(string host, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(host, 1, (_, n) => n + 1);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (Fail)
        {
            throw new HttpRequestException("control plane unreachable");
        }
        var now = time.GetUtcNow();
        return Hosts.Contains(host) ? authority.Issue(host, now.AddHours(-1), now + Lifetime - TimeSpan.FromHours(1)) : null;
    }
}
