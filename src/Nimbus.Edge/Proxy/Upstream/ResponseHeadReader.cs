using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Parses the response head from what has arrived and, when it is a final response, sets the status and the
/// end-to-end header fields on Kestrel's response directly from the bytes (no intermediate header collection).</summary>
internal static class ResponseHeadReader
{
    public static ResponseHeadStatus Read(in ReadOnlySequence<byte> buffer, HeaderRange[] ranges, HttpResponse? target, out ResponseHead head)
    {
        if (buffer.IsSingleSegment)
        {
            return ParseAndApply(buffer.FirstSpan, ranges, target, out head);
        }
        // Rare: the head straddles the reader's segments. Parse a bounded copy.
        var length = (int)Math.Min(buffer.Length, ResponseHeadParser.MaxHeadBytes);
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return ParseAndApply(copy.AsSpan(0, length), ranges, target, out head);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static ResponseHeadStatus ParseAndApply(ReadOnlySpan<byte> input, HeaderRange[] ranges, HttpResponse? target, out ResponseHead head)
    {
        var status = ResponseHeadParser.Parse(input, ranges, out head);
        if (status == ResponseHeadStatus.Complete && head.Status >= 200 && target is not null)
        {
            Apply(input, ranges, in head, target);
        }
        return status;
    }

    private static void Apply(ReadOnlySpan<byte> input, HeaderRange[] ranges, in ResponseHead head, HttpResponse target)
    {
        target.StatusCode = head.Status;
        var headers = target.Headers;
        for (var i = 0; i < head.HeaderCount; i++)
        {
            ref readonly var range = ref ranges[i];
            var name = input.Slice(range.NameStart, range.NameLength);
            var known = KnownHeaders.Find(name);
            // Kestrel refuses a Content-Length on a 204 (RFC 9110 8.6 forbids it; some servers send one anyway).
            if (known is { HopByHop: true } || (head.Status == StatusCodes.Status204NoContent && ReferenceEquals(known?.Name, "Content-Length")) ||
                (head.ConnectionListsFields && NamedByConnection(input, ranges, head.HeaderCount, name)))
            {
                continue;
            }
            var valueBytes = input.Slice(range.ValueStart, range.ValueLength);
            var key = known?.Name ?? Encoding.ASCII.GetString(name);
            var value = known is null ? Encoding.Latin1.GetString(valueBytes) : known.Value(valueBytes);
            headers[key] = headers.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }
    }

    /// <summary>Whether a Connection field among <paramref name="ranges"/> lists <paramref name="name"/>.</summary>
    internal static bool NamedByConnection(ReadOnlySpan<byte> input, ReadOnlySpan<HeaderRange> ranges, int count, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < count; i++)
        {
            ref readonly var range = ref ranges[i];
            if (range.NameLength == 10 && Ascii.EqualsIgnoreCase(input.Slice(range.NameStart, 10), "Connection"u8) &&
                ResponseHeadParser.ListsToken(input.Slice(range.ValueStart, range.ValueLength), name))
            {
                return true;
            }
        }
        return false;
    }
}
