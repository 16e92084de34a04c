using System.Globalization;
using System.Net.Http.Headers;

namespace Nimbus.Agent.Health;

/// <summary>HTTP readiness check: GET, healthy on 200–399, anything else (or no answer in time) is a failure.</summary>
internal sealed class HttpProbe(HttpClient client)
{
    /// <summary>A client suited to probing loopback apps: no proxy, no redirects, timeouts per call.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ProbeResult> ProbeAsync(Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        // A restarted app gets a new listener; a pooled connection to the old one would fail a healthy check.
        request.Headers.ConnectionClose = true;
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("nimbus-agent", "1"));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return new ProbeResult(status is >= 200 and <= 399, status.ToString(CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, $"no response within {timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, e.InnerException?.Message ?? e.Message);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // A probe must report, not throw: the supervisor's loop depends on it.
            return new ProbeResult(false, e.Message);
        }
    }
}
