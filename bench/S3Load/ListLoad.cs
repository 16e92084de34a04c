using System.Diagnostics;

namespace Nimbus.Bench.S3Load;

/// <summary>ListObjectsV2 page by page over the whole bucket (or a prefix), one request at a time as a client
/// walking a listing does; reports keys per second and per-page latency.</summary>
internal sealed class ListLoad(IObjectClient s3, LoadOptions options, ErrorLog errors)
{
    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var pages = new Latencies();
        long keys = 0;
        var cpu = new CpuMeter(options.ServerPid);
        cpu.Start();
        var start = Stopwatch.GetTimestamp();
        for (var pass = 0; pass < options.Passes; pass++)
        {
            string? token = null;
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                ListPageResult page;
                try
                {
                    page = await s3.ListPageAsync(options.Bucket, options.Prefix, options.PageSize, token, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // A listing cannot go on without the page's continuation token: the pass ends here.
                    errors.Add("LIST", token ?? "(first page)", ex);
                    break;
                }
                pages.Add(Stopwatch.GetTimestamp() - t0);
                keys += page.KeyCount;
                if (!page.IsTruncated || string.IsNullOrEmpty(page.NextContinuationToken))
                {
                    break;
                }
                token = page.NextContinuationToken;
            }
        }
        var elapsed = Stopwatch.GetElapsedTime(start);
        var (serverCpu, clientCpu) = cpu.Stop();
        var (p50, p99) = Latencies.Percentiles([pages]);
        return new LoadResult(options, pages.Count, 0, elapsed, p50, p99, errors.Count)
        {
            Keys = keys,
            ServerCpuPercent = serverCpu,
            ClientCpuPercent = clientCpu,
        };
    }
}
