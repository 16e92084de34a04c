using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Nimbus.ObjectStore.S3.Xml;

/// <summary>Reads a request's XML document (CompleteMultipartUpload, Delete, versioning, CORS, tagging) safely:
/// bounded size, no DTDs, no external entities. Element lookups ignore namespaces, as clients differ in sending one.</summary>
internal static class XmlBody
{
    /// <summary>DeleteObjects carries up to 1000 keys of up to 1 KiB each; nothing S3 accepts is larger.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>Reads and parses the body, checking Content-MD5 and the signed payload hash when the client sent them.</summary>
    public static async ValueTask<(XElement? Root, S3Error? Error)> ReadAsync(HttpRequest request, Stream body, CancellationToken ct, string? expectedSha256Hex = null)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, S3Errors.MalformedXml($"the document is larger than {MaxBytes} bytes"));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
            {
                return (null, S3Errors.MalformedXml($"the document is larger than {MaxBytes} bytes"));
            }
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0)
        {
            return (null, S3Errors.MalformedXml("the request body is empty"));
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (Http.ChecksumHeaders.ContentMd5(request, System.Security.Cryptography.MD5.HashData(bytes)) is { } md5Error)
        {
            return (null, md5Error);
        }
        if (expectedSha256Hex is not null && !expectedSha256Hex.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), StringComparison.OrdinalIgnoreCase))
        {
            return (null, S3Errors.Sha256Mismatch());
        }
        buffer.Position = 0;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(buffer, settings);
            return (XElement.Load(reader), null);
        }
        catch (XmlException ex)
        {
            return (null, S3Errors.MalformedXml(ex.Message.TrimEnd('.')));
        }
    }

    public static IEnumerable<XElement> Children(this XElement element, string localName)
    {
        foreach (var e in element.Elements())
        {
            if (e.Name.LocalName == localName)
            {
                yield return e;
            }
        }
    }

    public static XElement? Child(this XElement element, string localName)
    {
        foreach (var e in element.Elements())
        {
            if (e.Name.LocalName == localName)
            {
                return e;
            }
        }
        return null;
    }

    public static string? ChildValue(this XElement element, string localName) => element.Child(localName)?.Value;
}
