using System.Net;
using Microsoft.AspNetCore.Http;

namespace Nimbus.ObjectStore.Tests.S3.Http;

/// <summary>Builds requests for the header helpers from a method and header pairs.</summary>
internal static class Requests
{
    public static HttpRequest With(params (string Name, string Value)[] headers) => Create("GET", headers);

    public static HttpRequest Create(string method, (string Name, string Value)[] headers, IPAddress? remote = null, bool https = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = https ? "https" : "http";
        context.Connection.RemoteIpAddress = remote;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }
        return context.Request;
    }
}
