using Microsoft.AspNetCore.Http;

namespace Nimbus.ObjectStore.Tests.S3.Auth;

/// <summary>A request as text parts, easy to change one part of.</summary>
internal sealed record RawRequest(string Method, string Target, List<(string Name, string Value)> Headers, byte[] Body)
{
    public HttpRequest ToHttpRequest() => TestHttp.Create(Method, Target, Headers, Body);

    public RawRequest WithHeader(string name, string value)
    {
        var headers = Headers.Where(h => !string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        headers.Add((name, value));
        return this with { Headers = headers };
    }
}
