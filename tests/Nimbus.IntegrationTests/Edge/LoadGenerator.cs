using System.Collections.Concurrent;

namespace Nimbus.IntegrationTests.Edge;

/// <summary>Sends GETs through the edge from a few workers until stopped (or a hard cap on time), recording every
/// failure: a status other than 200, or an exception. Bounded, loopback only.</summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _workers;
    private readonly ConcurrentQueue<string> _failures = new();
    private long _succeeded;
    private int _stopped;

    public LoadGenerator(HttpClient client, Uri url, int workers = 4, TimeSpan? cap = null)
    {
        _stop = new CancellationTokenSource(cap ?? TimeSpan.FromMinutes(3));
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(client, url))).ToArray();
    }

    public long Succeeded => Interlocked.Read(ref _succeeded);
    public IReadOnlyCollection<string> Failures => _failures;

    private async Task RunAsync(HttpClient client, Uri url)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync(url, _stop.Token);
                var body = await response.Content.ReadAsStringAsync(_stop.Token);
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _succeeded);
                }
                else
                {
                    _failures.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode}: {body.Trim()}");
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _failures.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>Waits until at least <paramref name="more"/> further requests succeeded (proves traffic is flowing).</summary>
    public Task FlowingAsync(long more = 20)
    {
        var target = Succeeded + more;
        return Poll.UntilAsync(() => Task.FromResult(Succeeded >= target), TimeSpan.FromSeconds(30), $"{more} more successful requests through the edge");
    }

    /// <summary>Stops the workers and waits for them; safe to call more than once (a test stops the load before asserting).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
