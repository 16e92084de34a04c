using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>Writes S3 error documents.</summary>
internal static class S3Responses
{
    public static async Task ErrorAsync(HttpContext http, S3Error error, string requestId, string? resource)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            // Headers and some body went out: the only honest signal left is to cut the connection.
            http.Abort();
            return;
        }
        // Keep what CORS granted: a browser app must be able to read the error too.
        var cors = response.Headers.Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h.Key == "Vary").ToList();
        response.Headers.Clear();
        foreach (var (name, value) in cors)
        {
            response.Headers[name] = value;
        }
        response.Headers["x-amz-request-id"] = requestId;
        response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }
        if (HttpMethods.IsHead(http.Request.Method))
        {
            response.ContentLength = 0;
            return;
        }
        using var xml = new XmlBuilder(1024);
        xml.Start("Error").Element("Code", error.Code).Element("Message", error.Message);
        foreach (var (name, value) in error.Details)
        {
            xml.Element(name, value);
        }
        xml.Element("Resource", resource).Element("RequestId", requestId).End("Error");
        response.ContentType = "application/xml";
        response.ContentLength = xml.Written.Length;
        try
        {
            await response.Body.WriteAsync(xml.Written, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
