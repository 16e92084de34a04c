namespace Nimbus.Bench.S3Load;

/// <summary>Counts failed requests and keeps the first one's message, printed to stderr once.</summary>
internal sealed class ErrorLog
{
    private long _count;
    private string? _first;

    public long Count => Interlocked.Read(ref _count);

    public string? First => _first;

    public void Add(string operation, string key, Exception error)
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            _first = $"{operation} {key}: {error.GetType().Name}: {error.Message}";
            Console.Error.WriteLine($"s3load: first error: {_first}");
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        _first = null;
    }
}
