using System.Globalization;
using System.Text;
using Nimbus.Api.Contracts;

namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>Reads an OTLP <c>ExportTraceServiceRequest</c> in protobuf (what OTLP/HTTP exporters send by default,
/// <c>application/x-protobuf</c>). Field numbers from opentelemetry-proto's trace.proto, common.proto, resource.proto;
/// events, links and trace state are skipped. Malformed input throws <see cref="FormatException"/>.</summary>
internal static class OtlpProtobufReader
{
    public static OtlpBatch Read(ReadOnlySpan<byte> body)
    {
        var batch = new OtlpBatch();
        var reader = new ProtoReader(body);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1)
            {
                ProtoReader.Expect(field, wire, 2);
                ResourceSpans(reader.ReadBytes(), batch);
            }
            else
            {
                reader.Skip(wire);
            }
        }
        return batch;
    }

    private static void ResourceSpans(ReadOnlySpan<byte> message, OtlpBatch batch)
    {
        // The resource (field 1) says which service; scope spans (field 2) may come before it on the wire.
        var service = "";
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1)
            {
                ProtoReader.Expect(field, wire, 2);
                service = ServiceName(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wire);
            }
        }
        reader = new ProtoReader(message);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 2)
            {
                ProtoReader.Expect(field, wire, 2);
                ScopeSpans(reader.ReadBytes(), service, batch);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static string ServiceName(ReadOnlySpan<byte> resource)
    {
        var reader = new ProtoReader(resource);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1)
            {
                ProtoReader.Expect(field, wire, 2);
                var (key, value) = KeyValue(reader.ReadBytes(), 0);
                if (key == "service.name")
                {
                    return OtlpLimits.Cut(value, OtlpLimits.MaxName);
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
        return "";
    }

    private static void ScopeSpans(ReadOnlySpan<byte> message, string service, OtlpBatch batch)
    {
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 2)
            {
                ProtoReader.Expect(field, wire, 2);
                Span(reader.ReadBytes(), service, batch);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static void Span(ReadOnlySpan<byte> message, string service, OtlpBatch batch)
    {
        var span = new TraceSpan { Service = service };
        ReadOnlySpan<byte> traceId = default, spanId = default, parent = default;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wire, 2);
                    traceId = reader.ReadBytes();
                    break;
                case 2:
                    ProtoReader.Expect(field, wire, 2);
                    spanId = reader.ReadBytes();
                    break;
                case 4:
                    ProtoReader.Expect(field, wire, 2);
                    parent = reader.ReadBytes();
                    break;
                case 5:
                    ProtoReader.Expect(field, wire, 2);
                    span.Name = reader.ReadString();
                    break;
                case 6:
                    ProtoReader.Expect(field, wire, 0);
                    span.Kind = OtlpBatch.Kind((long)reader.ReadVarint());
                    break;
                case 7:
                    ProtoReader.Expect(field, wire, 1);
                    span.StartUnixNano = (long)reader.ReadFixed64();
                    break;
                case 8:
                    ProtoReader.Expect(field, wire, 1);
                    span.EndUnixNano = (long)reader.ReadFixed64();
                    break;
                case 9:
                    ProtoReader.Expect(field, wire, 2);
                    var (key, value) = KeyValue(reader.ReadBytes(), 0);
                    OtlpBatch.Attribute(span.Attributes, key, value);
                    break;
                case 15:
                    ProtoReader.Expect(field, wire, 2);
                    span.Status = Status(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        batch.Add(traceId, spanId, parent, span);
    }

    private static string Status(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        var status = "";
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 3)
            {
                ProtoReader.Expect(field, wire, 0);
                status = OtlpBatch.Status((long)reader.ReadVarint());
            }
            else
            {
                reader.Skip(wire);
            }
        }
        return status;
    }

    private static (string Key, string Value) KeyValue(ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoReader(message);
        var key = "";
        var value = "";
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1)
            {
                ProtoReader.Expect(field, wire, 2);
                key = reader.ReadString();
            }
            else if (field == 2)
            {
                ProtoReader.Expect(field, wire, 2);
                value = AnyValue(reader.ReadBytes(), depth);
            }
            else
            {
                reader.Skip(wire);
            }
        }
        return (key, value);
    }

    /// <summary>An AnyValue as text: scalars as themselves, arrays and key-value lists as JSON-like text.</summary>
    private static string AnyValue(ReadOnlySpan<byte> message, int depth)
    {
        if (depth > OtlpLimits.MaxDepth)
        {
            throw new FormatException($"attribute values are nested deeper than {OtlpLimits.MaxDepth}");
        }
        var reader = new ProtoReader(message);
        var value = "";
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wire, 2);
                    value = reader.ReadString();
                    break;
                case 2:
                    ProtoReader.Expect(field, wire, 0);
                    value = reader.ReadVarint() != 0 ? "true" : "false";
                    break;
                case 3:
                    ProtoReader.Expect(field, wire, 0);
                    value = ((long)reader.ReadVarint()).ToString(CultureInfo.InvariantCulture);
                    break;
                case 4:
                    ProtoReader.Expect(field, wire, 1);
                    value = BitConverter.UInt64BitsToDouble(reader.ReadFixed64()).ToString("R", CultureInfo.InvariantCulture);
                    break;
                case 5:
                    ProtoReader.Expect(field, wire, 2);
                    value = List(reader.ReadBytes(), depth, pairs: false);
                    break;
                case 6:
                    ProtoReader.Expect(field, wire, 2);
                    value = List(reader.ReadBytes(), depth, pairs: true);
                    break;
                case 7:
                    ProtoReader.Expect(field, wire, 2);
                    value = Convert.ToBase64String(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return value;
    }

    /// <summary>ArrayValue (repeated AnyValue values = 1) or KeyValueList (repeated KeyValue values = 1).</summary>
    private static string List(ReadOnlySpan<byte> message, int depth, bool pairs)
    {
        var text = new StringBuilder(pairs ? "{" : "[");
        var reader = new ProtoReader(message);
        var first = true;
        while (!reader.End && text.Length < OtlpLimits.MaxValue)
        {
            var (field, wire) = reader.ReadTag();
            if (field != 1)
            {
                reader.Skip(wire);
                continue;
            }
            ProtoReader.Expect(field, wire, 2);
            text.Append(first ? "" : ", ");
            first = false;
            if (pairs)
            {
                var (key, value) = KeyValue(reader.ReadBytes(), depth + 1);
                text.Append(key).Append(": ").Append(value);
            }
            else
            {
                text.Append(AnyValue(reader.ReadBytes(), depth + 1));
            }
        }
        return text.Append(pairs ? '}' : ']').ToString();
    }
}
