using System.Net;

namespace Nimbus.Edge;

/// <summary>Who this edge is and where it ended up listening (known only after binding, since ports may be 0).</summary>
internal sealed class EdgeIdentity(string name, string zone)
{
    private readonly TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;
    public string Zone { get; } = zone;
    /// <summary>Random per process, so two edges started with one name cannot share (and fight over) one record.</summary>
    public string Holder { get; } = Guid.NewGuid().ToString("n");
    /// <summary>The cloud domain, as the control plane says (<c>nimbus.internal</c> unless configured).</summary>
    public string Domain { get; set; } = "nimbus.internal";
    public IPEndPoint? Http { get; private set; }
    public IPEndPoint? Https { get; private set; }
    public IPEndPoint? Dns { get; private set; }
    public Uri? Admin { get; private set; }
    public int HttpsPort => Https?.Port ?? 0;

    public Task Bound => _bound.Task;

    public void MarkBound(IPEndPoint? http, IPEndPoint? https, IPEndPoint? dns, Uri admin)
    {
        Http = http;
        Https = https;
        Dns = dns;
        Admin = admin;
        _bound.TrySetResult();
    }
}
