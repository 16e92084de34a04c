namespace Nimbus.ObjectStore.S3.Http;

/// <summary>The decoded query parameters of a request, in order. S3 names are case-sensitive; values are percent-decoded
/// ('+' stays '+', as AWS signers encode a space as %20).</summary>
internal sealed class S3Query
{
    private readonly List<KeyValuePair<string, string>> _items;

    private S3Query(List<KeyValuePair<string, string>> items) => _items = items;

    public static readonly S3Query Empty = new([]);

    public int Count => _items.Count;

    public static S3Query Parse(ReadOnlySpan<char> query)
    {
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }
        if (query.IsEmpty)
        {
            return Empty;
        }
        var items = new List<KeyValuePair<string, string>>();
        foreach (var range in query.Split('&'))
        {
            var part = query[range];
            if (part.IsEmpty)
            {
                continue;
            }
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? [] : part[(eq + 1)..];
            items.Add(new(Uri.UnescapeDataString(name.ToString()), Uri.UnescapeDataString(value.ToString())));
        }
        return new S3Query(items);
    }

    public bool Has(string name)
    {
        foreach (var item in _items)
        {
            if (item.Key == name)
            {
                return true;
            }
        }
        return false;
    }

    public string? Get(string name)
    {
        foreach (var item in _items)
        {
            if (item.Key == name)
            {
                return item.Value;
            }
        }
        return null;
    }
}
