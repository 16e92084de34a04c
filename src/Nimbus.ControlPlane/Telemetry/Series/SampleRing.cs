namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>A fixed-size ring of samples, oldest overwritten. Single writer (the scraper); readers copy under the
/// same lock, which is held only for an array copy.</summary>
internal sealed class SampleRing(int capacity)
{
    private readonly AppSample[] _items = new AppSample[capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public void Add(AppSample sample)
    {
        lock (_gate)
        {
            _items[_next] = sample;
            _next = (_next + 1) % _items.Length;
            _count = Math.Min(_count + 1, _items.Length);
        }
    }

    /// <summary>The samples at or after <paramref name="since"/>, oldest first.</summary>
    public List<AppSample> Since(DateTimeOffset since)
    {
        lock (_gate)
        {
            var result = new List<AppSample>(_count);
            for (var i = 0; i < _count; i++)
            {
                var sample = _items[(_next - _count + i + _items.Length) % _items.Length];
                if (sample.Time >= since)
                {
                    result.Add(sample);
                }
            }
            return result;
        }
    }

    /// <summary>The newest <paramref name="count"/> samples (fewer when the ring holds fewer), oldest first.</summary>
    public AppSample[] Last(int count)
    {
        lock (_gate)
        {
            count = Math.Min(count, _count);
            var result = new AppSample[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _items[(_next - count + i + _items.Length) % _items.Length];
            }
            return result;
        }
    }
}
