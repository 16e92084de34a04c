using System.Text;
using Nimbus.Edge.Proxy;

namespace Nimbus.Edge.Tracing;

/// <summary>What a request was — method, target, host, request id, client address — in buffers allocated once and reused.
/// Text longer than a buffer is cut (never inside a character).</summary>
internal sealed class RequestText
{
    public const int MaxMethod = 16;
    public const int MaxTarget = 512;
    public const int MaxClient = 64;
    public const int MaxHost = 255;

    private readonly byte[] _method = new byte[MaxMethod];
    private readonly byte[] _target = new byte[MaxTarget];
    private readonly byte[] _requestId = new byte[RequestIds.MaxLength];
    private readonly byte[] _client = new byte[MaxClient];
    private readonly byte[] _host = new byte[MaxHost];
    private int _methodLength;
    private int _targetLength;
    private int _requestIdLength;
    private int _clientLength;
    private int _hostLength;

    public string Method => Encoding.ASCII.GetString(_method, 0, _methodLength);
    public string Target => Encoding.UTF8.GetString(_target, 0, _targetLength);
    public string RequestId => Encoding.ASCII.GetString(_requestId, 0, _requestIdLength);
    public string Client => Encoding.ASCII.GetString(_client, 0, _clientLength);
    /// <summary>The Host header as the client sent it (port included).</summary>
    public string Host => Encoding.UTF8.GetString(_host, 0, _hostLength);

    public void Set(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, ReadOnlySpan<byte> requestId, ReadOnlySpan<byte> client, ReadOnlySpan<byte> host)
    {
        _hostLength = CopyCut(host, _host);
        _methodLength = CopyCut(method, _method);
        _targetLength = CopyCut(target, _target);
        _requestIdLength = CopyCut(requestId, _requestId);
        _clientLength = CopyCut(client, _client);
    }

    public void Set(ReadOnlySpan<char> method, ReadOnlySpan<char> target, ReadOnlySpan<char> requestId, ReadOnlySpan<char> client, ReadOnlySpan<char> host)
    {
        _hostLength = EncodeCut(host, _host);
        _methodLength = EncodeCut(method, _method);
        _targetLength = EncodeCut(target, _target);
        _requestIdLength = EncodeCut(requestId, _requestId);
        _clientLength = EncodeCut(client, _client);
    }

    public void CopyTo(RequestText copy)
    {
        copy._methodLength = _methodLength;
        _method.AsSpan(0, _methodLength).CopyTo(copy._method);
        copy._targetLength = _targetLength;
        _target.AsSpan(0, _targetLength).CopyTo(copy._target);
        copy._requestIdLength = _requestIdLength;
        _requestId.AsSpan(0, _requestIdLength).CopyTo(copy._requestId);
        copy._clientLength = _clientLength;
        _client.AsSpan(0, _clientLength).CopyTo(copy._client);
        copy._hostLength = _hostLength;
        _host.AsSpan(0, _hostLength).CopyTo(copy._host);
    }

    /// <summary>Cuts at a byte: the request path's bytes are ASCII (method, id, address) or percent-encoded (target);
    /// a raw UTF-8 target cut mid-character decodes with a replacement character.</summary>
    private static int CopyCut(ReadOnlySpan<byte> text, byte[] buffer)
    {
        var n = Math.Min(text.Length, buffer.Length);
        text[..n].CopyTo(buffer);
        return n;
    }

    private static int EncodeCut(ReadOnlySpan<char> text, byte[] buffer)
    {
        System.Text.Unicode.Utf8.FromUtf16(text, buffer, out _, out var written);
        return written;
    }
}
