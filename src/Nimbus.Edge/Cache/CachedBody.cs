namespace Nimbus.Edge.Cache;

/// <summary>
/// A stored response body: the one copy of its bytes, in segments filled in order (all full but the last).
/// Immutable once stored; several hits stream from it at once.
/// </summary>
internal sealed class CachedBody(byte[][] segments, long length)
{
    public static readonly CachedBody Empty = new([], 0);

    public long Length { get; } = length;

    /// <summary>Bytes the segments occupy, which is what the cache's budget counts.</summary>
    public long Capacity { get; } = SumLengths(segments);

    public async ValueTask WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        var remaining = Length;
        foreach (var segment in segments)
        {
            if (remaining <= 0)
            {
                break;
            }

            var count = (int)Math.Min(segment.Length, remaining);
            await destination.WriteAsync(segment.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            remaining -= count;
        }
    }

    /// <summary>Copies the body out; for tests and diagnostics, not for the serving path.</summary>
    public byte[] ToArray()
    {
        var result = new byte[Length];
        var offset = 0L;
        foreach (var segment in segments)
        {
            var count = (int)Math.Min(segment.Length, Length - offset);
            segment.AsSpan(0, count).CopyTo(result.AsSpan((int)offset));
            offset += count;
        }

        return result;
    }

    private static long SumLengths(byte[][] segments)
    {
        long sum = 0;
        foreach (var segment in segments)
        {
            sum += segment.Length;
        }

        return sum;
    }
}
