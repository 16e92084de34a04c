using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Auth;
using Nimbus.ObjectStore.S3.Xml;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>One authenticated S3 request: what it names, who sent it, and how to answer.</summary>
internal sealed class S3Call(HttpContext http, S3Target target, S3Credential credential, RequestAuthentication.Outcome auth, string requestId)
{
    public HttpContext Http { get; } = http;
    public HttpRequest Request => Http.Request;
    public HttpResponse Response => Http.Response;
    public string? Bucket { get; } = target.Bucket;
    public string? Key { get; } = target.Key;
    public S3Query Query { get; } = target.Query;
    public S3Credential Credential { get; } = credential;
    public RequestAuthentication.Outcome Auth { get; } = auth;
    public string RequestId { get; } = requestId;
    public CancellationToken Aborted => Http.RequestAborted;

    public string BucketName => Bucket!;
    public string KeyName => Key!;

    public string? Header(string name)
    {
        var value = Request.Headers[name];
        return value.Count == 0 ? null : value[0];
    }

    /// <summary>The bucket, if it exists and belongs to the caller's project; otherwise the error to send.</summary>
    public S3Error? Authorize(IObjectEngine engine, out BucketInfo bucket)
    {
        bucket = engine.GetBucket(BucketName)!;
        if (bucket is null)
        {
            return S3Errors.NoSuchBucket(BucketName);
        }
        return bucket.Owner == Credential.Project ? null : S3Errors.AccessDenied();
    }

    public async Task XmlAsync(XmlBuilder xml, int status = 200)
    {
        Response.StatusCode = status;
        Response.ContentType = "application/xml";
        var body = xml.Written;
        Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(Request.Method))
        {
            await Response.Body.WriteAsync(body, Aborted).ConfigureAwait(false);
        }
    }

    public Task EmptyAsync(int status = 200)
    {
        Response.StatusCode = status;
        if (status != 204)
        {
            Response.ContentLength = 0;
        }
        return Task.CompletedTask;
    }
}
