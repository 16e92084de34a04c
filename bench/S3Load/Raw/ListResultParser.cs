using System.Buffers.Text;
using System.Net;
using System.Text;

namespace Nimbus.Bench.S3Load.Raw;

/// <summary>Reads the three things a listing walk needs from a ListObjectsV2 body, without building a DOM: a page of
/// 1000 keys is ~250 KB of XML of which the walk wants a few dozen bytes.</summary>
/// <remarks>Searching for the element tags is safe because keys and other text are XML-escaped: a '&lt;' in the
/// document is always markup.</remarks>
internal static class ListResultParser
{
    public static ListPageResult Parse(ReadOnlySpan<byte> xml)
    {
        int keyCount;
        if (!TryElement(xml, "<KeyCount>"u8, "</KeyCount>"u8, out var count)
            || !Utf8Parser.TryParse(count, out keyCount, out var used) || used != count.Length)
        {
            // KeyCount is optional in older servers' answers: count the entries instead.
            keyCount = xml.Count("<Contents>"u8);
        }
        var truncated = TryElement(xml, "<IsTruncated>"u8, "</IsTruncated>"u8, out var t) && t.SequenceEqual("true"u8);
        string? next = null;
        if (TryElement(xml, "<NextContinuationToken>"u8, "</NextContinuationToken>"u8, out var token) && token.Length > 0)
        {
            next = Encoding.UTF8.GetString(token);
            if (next.Contains('&'))
            {
                next = WebUtility.HtmlDecode(next);   // &amp; &lt; &gt; &quot; &apos; and numeric references
            }
        }
        return new ListPageResult(keyCount, truncated, next);
    }

    /// <summary>The text between the first <paramref name="open"/> and the <paramref name="close"/> after it.</summary>
    public static bool TryElement(ReadOnlySpan<byte> xml, ReadOnlySpan<byte> open, ReadOnlySpan<byte> close,
        out ReadOnlySpan<byte> value)
    {
        value = default;
        var start = xml.IndexOf(open);
        if (start < 0)
        {
            return false;
        }
        var rest = xml[(start + open.Length)..];
        var end = rest.IndexOf(close);
        if (end < 0)
        {
            return false;
        }
        value = rest[..end];
        return true;
    }
}
