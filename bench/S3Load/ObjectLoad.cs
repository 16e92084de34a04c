using System.Buffers;
using System.Diagnostics;

namespace Nimbus.Bench.S3Load;

/// <summary>PUT or GET of one object size at a fixed concurrency, for a duration or a count of requests.</summary>
/// <remarks>One payload buffer serves every PUT (so a client hashes it once, not per request); each GET drains the
/// body into the worker's pooled buffer, so the client allocates nothing per byte.</remarks>
internal sealed class ObjectLoad
{
    // Keep what one run leaves on the server bounded: keys are overwritten in turn past this much data.
    private const long DataBound = 1L << 30;
    private const int DrainBufferSize = 256 * 1024;

    private readonly IObjectClient _s3;
    private readonly LoadOptions _options;
    private readonly byte[] _payload;
    private readonly string[][] _putKeys;
    private readonly string[] _getKeys;
    private readonly ErrorLog _errors;
    private long _issued;
    private long _nextGet;

    public ObjectLoad(IObjectClient s3, LoadOptions options, ErrorLog errors)
    {
        _s3 = s3;
        _options = options;
        _errors = errors;
        _payload = new byte[options.Size];
        new Random(42).NextBytes(_payload);   // incompressible, and the same on every run
        var prefix = options.Prefix ?? $"{options.Mode}/{options.Size}/";
        var perSize = (int)Math.Clamp(DataBound / Math.Max(1, options.Size), 1, 1000);
        if (options.Mode == "put")
        {
            var keySpace = options.KeySpace ?? Math.Max(1, perSize / options.Concurrency);
            _putKeys = new string[options.Concurrency][];
            for (var w = 0; w < _putKeys.Length; w++)
            {
                _putKeys[w] = new string[keySpace];
                for (var k = 0; k < keySpace; k++)
                {
                    _putKeys[w][k] = $"{prefix}{w:D3}-{k:D6}";
                }
            }
            _getKeys = [];
        }
        else
        {
            _putKeys = [];
            _getKeys = new string[options.Objects ?? Math.Min(perSize, 256)];
            for (var i = 0; i < _getKeys.Length; i++)
            {
                _getKeys[i] = $"{prefix}{i:D6}";
            }
        }
    }

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode == "get")
        {
            await UploadMissingAsync(cancellationToken);
        }
        if (_options.Warmup > TimeSpan.Zero)
        {
            await RunPhaseAsync(_options.Warmup, count: null, cancellationToken);
        }
        return await RunPhaseAsync(_options.Duration, _options.Count, cancellationToken);
    }

    private async Task<LoadResult> RunPhaseAsync(TimeSpan? duration, long? count, CancellationToken cancellationToken)
    {
        _issued = 0;
        _errors.Reset();
        var latencies = new Latencies[_options.Concurrency];
        var workers = new Task<long>[_options.Concurrency];
        var cpu = new CpuMeter(_options.ServerPid);
        cpu.Start();
        var start = Stopwatch.GetTimestamp();
        var deadline = duration is { } d ? start + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = w;
            latencies[w] = new Latencies();
            workers[w] = Task.Run(() => WorkAsync(worker, deadline, count, latencies[worker], cancellationToken), cancellationToken);
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
        return new LoadResult(_options, ops, ops * _options.Size, elapsed, p50, p99, _errors.Count)
        {
            ServerCpuPercent = serverCpu,
            ClientCpuPercent = clientCpu,
        };
    }

    /// <summary>One worker's loop: a request at a time until the deadline or the shared count is reached.</summary>
    private async Task<long> WorkAsync(int worker, long deadline, long? count, Latencies latencies, CancellationToken cancellationToken)
    {
        var drain = _options.Mode == "get" ? ArrayPool<byte>.Shared.Rent(DrainBufferSize) : null;
        try
        {
            for (long seq = 0; !cancellationToken.IsCancellationRequested; seq++)
            {
                if (count is { } n ? Interlocked.Increment(ref _issued) > n : Stopwatch.GetTimestamp() >= deadline)
                {
                    break;
                }
                var t0 = Stopwatch.GetTimestamp();
                var ok = drain is null
                    ? await PutAsync(_putKeys[worker][seq % _putKeys[worker].Length], cancellationToken)
                    : await GetAsync(_getKeys[Interlocked.Increment(ref _nextGet) % _getKeys.Length], drain, cancellationToken);
                if (ok)
                {
                    latencies.Add(Stopwatch.GetTimestamp() - t0);
                }
            }
            return latencies.Count;
        }
        finally
        {
            if (drain is not null)
            {
                ArrayPool<byte>.Shared.Return(drain);
            }
        }
    }

    private async Task<bool> PutAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.PutAsync(_options.Bucket, key, _payload, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _errors.Add("PUT", key, ex);
            return false;
        }
    }

    private async Task<bool> GetAsync(string key, byte[] drain, CancellationToken cancellationToken)
    {
        try
        {
            var total = await _s3.GetAsync(_options.Bucket, key, drain, cancellationToken);
            if (total != _options.Size)
            {
                _errors.Add("GET", key, new InvalidDataException($"read {total} bytes, expected {_options.Size}"));
                return false;
            }
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _errors.Add("GET", key, ex);
            return false;
        }
    }

    /// <summary>Uploads (unmeasured) the objects GET reads, skipping those an earlier run left at the right size.</summary>
    private async Task UploadMissingAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_getKeys, parallel, async (key, ct) =>
        {
            if (await _s3.GetLengthAsync(_options.Bucket, key, ct) == _options.Size)
            {
                return;
            }
            if (!await PutAsync(key, ct))
            {
                throw new InvalidOperationException($"could not upload {key} for the GET run: {_errors.First}");
            }
        });
    }
}
