namespace Nimbus.ObjectStore.S3.Http;

/// <summary>A single byte range (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>) resolved against an object's size.
/// A header S3 would ignore (not bytes, several ranges, bad syntax) means the whole object.</summary>
internal static class ByteRange
{
    public enum Result { Whole, Partial, Unsatisfiable }

    public static Result Resolve(string? header, long size, out long offset, out long length)
    {
        offset = 0;
        length = size;
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return Result.Whole;
        }
        var spec = header.AsSpan(6).Trim();
        if (spec.Contains(','))
        {
            return Result.Whole;
        }
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return Result.Whole;
        }
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            if (!long.TryParse(last, out var suffix) || suffix < 0)
            {
                return Result.Whole;
            }
            if (suffix == 0 || size == 0)
            {
                return Result.Unsatisfiable;
            }
            length = Math.Min(suffix, size);
            offset = size - length;
            return Result.Partial;
        }
        if (!long.TryParse(first, out var start) || start < 0)
        {
            return Result.Whole;
        }
        var end = size - 1;
        if (!last.IsEmpty && (!long.TryParse(last, out end) || end < start))
        {
            return Result.Whole;
        }
        if (start >= size)
        {
            return Result.Unsatisfiable;
        }
        offset = start;
        length = Math.Min(end, size - 1) - start + 1;
        return Result.Partial;
    }
}
