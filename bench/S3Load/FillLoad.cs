using System.Diagnostics;

namespace Nimbus.Bench.S3Load;

/// <summary>Fills a bucket for the listing benchmark: <c>--count</c> 0-byte objects with distinct sorted keys, PUT
/// concurrently; <c>--duration</c> bounds the time it may take (the result says how many were stored).</summary>
internal sealed class FillLoad(IObjectClient s3, LoadOptions options, ErrorLog errors)
{
    private long _next = -1;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var count = options.Count ?? 10_000;
        var cpu = new CpuMeter(options.ServerPid);
        cpu.Start();
        var start = Stopwatch.GetTimestamp();
        var deadline = options.Duration is { } d ? start + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var latencies = new Latencies[options.Concurrency];
        var workers = new Task[options.Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            var mine = latencies[w] = new Latencies();
            workers[w] = Task.Run(() => WorkAsync(count, deadline, mine, cancellationToken), cancellationToken);
        }
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var (serverCpu, clientCpu) = cpu.Stop();
        long ops = 0;
        foreach (var l in latencies)
        {
            ops += l.Count;
        }
        var (p50, p99) = Latencies.Percentiles(latencies);
        return new LoadResult(options, ops, 0, elapsed, p50, p99, errors.Count)
        {
            ServerCpuPercent = serverCpu,
            ClientCpuPercent = clientCpu,
        };
    }

    private async Task WorkAsync(long count, long deadline, Latencies latencies, CancellationToken cancellationToken)
    {
        var prefix = options.Prefix ?? "";
        long i;
        while ((i = Interlocked.Increment(ref _next)) < count && Stopwatch.GetTimestamp() < deadline
            && !cancellationToken.IsCancellationRequested)
        {
            var key = $"{prefix}{i:D9}";
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                await s3.PutAsync(options.Bucket, key, [], cancellationToken);
                latencies.Add(Stopwatch.GetTimestamp() - t0);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Add("PUT", key, ex);
            }
        }
    }
}
