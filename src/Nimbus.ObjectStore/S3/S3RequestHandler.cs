using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3.Auth;
using Nimbus.ObjectStore.S3.Http;

namespace Nimbus.ObjectStore.S3;

/// <summary>
/// The S3 endpoint's one request delegate: works out the bucket and key, answers CORS preflights, authenticates, runs
/// the operation, and turns every failure into the S3 error document a client expects (or a cut connection when the
/// response had already started).
/// </summary>
internal sealed partial class S3RequestHandler(
    S3Dispatcher dispatcher, RequestAuthentication authentication, IObjectEngine engine, ObjectStoreOptions options, ILogger<S3RequestHandler> logger,
    Keys.AccessKeyFollower? keys = null, IWriteForwarder? forwarder = null, S3Metrics? metrics = null)
{
    /// <summary>AWS's limit on a request's header section.</summary>
    private const int MaxHeaderBytes = 8 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await HandleAsync(http).ConfigureAwait(false);
        }
        finally
        {
            metrics?.Record(http.Request.Method, http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted ? 0 : http.Response.StatusCode,
                Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var requestId = NewRequestId();
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers.Server = "Nimbus";
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var target = S3Target.Parse(raw, http.Request.Host.Value ?? "", options.VirtualHostDomains);
        var resource = raw.Split('?', 2)[0];
        try
        {
            if (HeaderBytes(http.Request) > MaxHeaderBytes)
            {
                throw new S3Exception(S3Errors.HeadersTooLarge());
            }
            if (forwarder is not null && IsWrite(http.Request.Method))
            {
                // A follower: the metadata node commits writes (and checks their signature).
                await forwarder.ForwardAsync(http).ConfigureAwait(false);
                return;
            }
            if (forwarder is { HasCopy: false })
            {
                throw new S3Exception(new S3Error(503, "ServiceUnavailable",
                    "This storage node is still copying the object metadata from the metadata node; retry in a moment.").WithHeader("Retry-After", "1"));
            }
            if (HttpMethods.IsOptions(http.Request.Method))
            {
                Preflight(http, target);
                return;
            }
            if (http.Request.Headers.ContainsKey(IWriteForwarder.ForwardedByHeader))
            {
                // Passed on by a follower: tell it the seq to wait for, so its client reads this write there at once.
                http.Response.OnStarting(static state =>
                {
                    var (response, engine) = ((HttpResponse, IObjectEngine))state;
                    response.Headers[IWriteForwarder.SeqHeader] = engine.CommittedSeq.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    response.Headers[IWriteForwarder.LogHeader] = engine.ChangeLogId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                }, (http.Response, engine));
            }
            if (keys is { IsLoaded: false })
            {
                // Until the first list of keys arrives every key would look unknown: say "later", not "InvalidAccessKeyId".
                throw new S3Exception(new S3Error(503, "ServiceUnavailable", "The access keys are still loading from the control plane; retry in a moment.").WithHeader("Retry-After", "1"));
            }
            var auth = authentication.Authenticate(http.Request);
            if (auth.Error is not null)
            {
                throw new S3Exception(auth.Error);
            }
            if (auth.Credential is null)
            {
                throw new S3Exception(S3Errors.AccessDenied("Anonymous requests are not allowed: sign the request with an access key (see `nimbus keys create` and <data>/aws-credentials)."));
            }
            var call = new S3Call(http, target, auth.Credential, auth, requestId);
            ApplyCors(http, target);
            await dispatcher.DispatchAsync(call).ConfigureAwait(false);
        }
        catch (S3Exception ex)
        {
            await S3Responses.ErrorAsync(http, ex.Error, requestId, resource).ConfigureAwait(false);
        }
        catch (IncompleteBodyException ex)
        {
            await S3Responses.ErrorAsync(http, S3Errors.IncompleteBody($"You did not provide the number of bytes specified by the Content-Length HTTP header: {ex.Message}."), requestId, resource).ConfigureAwait(false);
        }
        catch (AwsChunkedException ex)
        {
            await S3Responses.ErrorAsync(http, new S3Error(ex.HttpStatusCode, ex.ErrorCode, ex.Message), requestId, resource).ConfigureAwait(false);
        }
        catch (ReplicationQuorumException ex)
        {
            LogFailed(logger, http.Request.Method, resource, ex);
            await S3Responses.ErrorAsync(http, new S3Error(503, "ServiceUnavailable", "Too few storage nodes are reachable to store the data durably; retry shortly."), requestId, resource).ConfigureAwait(false);
        }
        catch (DataCorruptedException ex)
        {
            LogCorrupt(logger, target.Bucket, target.Key, ex.Message);
            await S3Responses.ErrorAsync(http, S3Errors.InternalError("Every stored copy of this object's data failed its checksum; it cannot be served."), requestId, resource).ConfigureAwait(false);
        }
        catch (Exception ex) when (http.RequestAborted.IsCancellationRequested || ex is BadHttpRequestException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // The client went away or sent a broken body: nothing to answer, nothing was committed.
            http.Abort();
        }
        catch (Exception ex)
        {
            LogFailed(logger, http.Request.Method, resource, ex);
            await S3Responses.ErrorAsync(http, S3Errors.InternalError(), requestId, resource).ConfigureAwait(false);
        }
    }

    private static bool IsWrite(string method) => HttpMethods.IsPut(method) || HttpMethods.IsPost(method) || HttpMethods.IsDelete(method);

    /// <summary>OPTIONS: a CORS preflight, answered from the bucket's rules without credentials (browsers send none).</summary>
    private void Preflight(HttpContext http, S3Target target)
    {
        var origin = http.Request.Headers.Origin.ToString();
        var method = http.Request.Headers.AccessControlRequestMethod.ToString();
        if (origin.Length == 0 || method.Length == 0)
        {
            throw new S3Exception(S3Errors.InvalidRequest("A CORS preflight needs the Origin and Access-Control-Request-Method headers."));
        }
        var bucket = target.Bucket is null ? null : engine.GetBucket(target.Bucket);
        if (bucket is null)
        {
            throw new S3Exception(S3Errors.CorsForbidden());
        }
        var headers = http.Request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rule = Cors.Match(bucket.Settings.Cors, origin, method, headers) ?? throw new S3Exception(S3Errors.CorsForbidden());
        Cors.Apply(http.Response, rule, origin, preflight: true);
        http.Response.StatusCode = 200;
        http.Response.ContentLength = 0;
    }

    private void ApplyCors(HttpContext http, S3Target target)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || target.Bucket is null || engine.GetBucket(target.Bucket) is not { Settings.Cors: not null } bucket)
        {
            return;
        }
        if (Cors.Match(bucket.Settings.Cors, origin, http.Request.Method, []) is { } rule)
        {
            Cors.Apply(http.Response, rule, origin, preflight: false);
        }
    }

    private static int HeaderBytes(HttpRequest request)
    {
        var total = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                total += name.Length + (value?.Length ?? 0) + 4;
            }
        }
        return total;
    }

    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexString(bytes);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "S3 {Method} {Resource} failed")]
    private static partial void LogFailed(ILogger logger, string method, string resource, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Object {Bucket}/{Key} could not be served: {Reason}")]
    private static partial void LogCorrupt(ILogger logger, string? bucket, string? key, string reason);
}
