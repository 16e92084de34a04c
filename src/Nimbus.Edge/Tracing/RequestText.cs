using System.Text;
using Nimbus.Edge.Proxy;

namespace Nimbus.Edge.Tracing;

/// <summary>What a request was — method, target, host, request id, client address — in one buffer allocated once and
/// reused, the fields one after another, so copying a request's text (into the ring) moves the bytes it uses and
/// nothing more. Text longer than its field's room is cut (never inside a character).</summary>
internal sealed class RequestText
{
    public const int MaxMethod = 16;
    public const int MaxTarget = 512;
    public const int MaxClient = 64;
    public const int MaxHost = 255;

    private const int Method = 0;
    private const int Target = 1;
    private const int Host = 2;
    private const int RequestIdField = 3;
    private const int Client = 4;
    private static readonly int[] Room = [MaxMethod, MaxTarget, MaxHost, RequestIds.MaxLength, MaxClient];

    private readonly byte[] _bytes = new byte[MaxMethod + MaxTarget + MaxHost + RequestIds.MaxLength + MaxClient];
    /// <summary>Where each field starts in <see cref="_bytes"/>; the last entry is where the text ends.</summary>
    private readonly int[] _starts = new int[6];

    public string MethodText => Read(Method, ascii: true);
    public string TargetText => Read(Target, ascii: false);
    /// <summary>The Host header as the client sent it (port included).</summary>
    public string HostText => Read(Host, ascii: false);
    public string RequestId => Read(RequestIdField, ascii: true);
    public string ClientText => Read(Client, ascii: true);

    public void Set(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> client, ReadOnlySpan<byte> host)
    {
        var at = 0;
        at = Put(Method, at, method);
        at = Put(Target, at, target);
        at = Put(Host, at, host);
        at = Put(RequestIdField, at, requestId);
        _starts[5] = Put(Client, at, client);
    }

    public void Set(ReadOnlySpan<char> method, ReadOnlySpan<char> target, ReadOnlySpan<char> requestId, ReadOnlySpan<char> client, ReadOnlySpan<char> host)
    {
        var at = 0;
        at = Put(Method, at, method);
        at = Put(Target, at, target);
        at = Put(Host, at, host);
        at = Put(RequestIdField, at, requestId);
        _starts[5] = Put(Client, at, client);
    }

    public void CopyTo(RequestText copy)
    {
        _bytes.AsSpan(0, _starts[5]).CopyTo(copy._bytes);
        _starts.AsSpan().CopyTo(copy._starts);
    }

    /// <summary>Cuts at a byte: the request path's bytes are ASCII (method, id, address) or percent-encoded (target);
    /// a raw UTF-8 target cut mid-character decodes with a replacement character.</summary>
    private int Put(int field, int at, ReadOnlySpan<byte> text)
    {
        _starts[field] = at;
        var n = Math.Min(text.Length, Room[field]);
        text[..n].CopyTo(_bytes.AsSpan(at));
        return at + n;
    }

    private int Put(int field, int at, ReadOnlySpan<char> text)
    {
        _starts[field] = at;
        System.Text.Unicode.Utf8.FromUtf16(text, _bytes.AsSpan(at, Room[field]), out _, out var written);
        return at + written;
    }

    private string Read(int field, bool ascii)
    {
        var bytes = _bytes.AsSpan(_starts[field], _starts[field + 1] - _starts[field]);
        return ascii ? Encoding.ASCII.GetString(bytes) : Encoding.UTF8.GetString(bytes);
    }
}
