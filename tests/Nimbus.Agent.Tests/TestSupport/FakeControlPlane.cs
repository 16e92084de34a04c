using System.Net;
using System.Net.Http.Json;
using Nimbus.Api;
using Nimbus.Api.Resources;

namespace Nimbus.Agent.Tests.TestSupport;

/// <summary>The two calls an InstanceManager makes, answered in memory: GET a release, PUT an instance's status
/// (every status is kept, in order, for the test to look at).</summary>
internal sealed class FakeControlPlane(Release release) : HttpMessageHandler
{
    private readonly List<(string Instance, InstanceStatus Status)> _statuses = [];

    public List<InstanceStatus> StatusesOf(string instance)
    {
        lock (_statuses)
        {
            return _statuses.Where(s => s.Instance == instance).Select(s => s.Status).ToList();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Get && path == "/v1/releases/" + release.Metadata.Name)
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(release, NimbusJson.Default.Release) };
        }
        if (request.Method == HttpMethod.Put && path.StartsWith("/v1/instances/", StringComparison.Ordinal) && path.EndsWith("/status", StringComparison.Ordinal))
        {
            var name = path["/v1/instances/".Length..^"/status".Length];
            var status = (await request.Content!.ReadFromJsonAsync(NimbusJson.Default.InstanceStatus, cancellationToken))!;
            lock (_statuses)
            {
                _statuses.Add((name, status));
            }
            var instance = new Instance { Metadata = new ObjectMeta { Name = name }, Status = status };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(instance, NimbusJson.Default.Instance) };
        }
        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }
}
