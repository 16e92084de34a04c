using System.Text;
using Nimbus.ControlPlane.Telemetry.Traces;

namespace Nimbus.ControlPlane.Tests.Telemetry.Traces;

public sealed class OtlpReaderTests
{
    private static readonly byte[] TraceId = Convert.FromHexString("4bf92f3577b34da6a3ce929d0e0e4736");
    private static readonly byte[] SpanId = Convert.FromHexString("00f067aa0ba902b7");
    private static readonly byte[] ParentId = Convert.FromHexString("b7ad6b7169203331");

    private static ProtoWriter Attribute(string key, ProtoWriter value) => new ProtoWriter().String(1, key).Message(2, value);

    /// <summary>An ExportTraceServiceRequest with one resource (service.name) and one span using every field the reader keeps.</summary>
    private static byte[] Request(byte[]? traceId = null, byte[]? spanId = null)
    {
        var span = new ProtoWriter()
            .Bytes(1, traceId ?? TraceId).Bytes(2, spanId ?? SpanId).String(3, "vendor=1").Bytes(4, ParentId)
            .String(5, "SELECT users").Varint(6, 3)
            .Fixed64(7, 1_700_000_000_000_000_000).Fixed64(8, 1_700_000_000_002_500_000)
            .Message(9, Attribute("db.system", new ProtoWriter().String(1, "postgresql")))
            .Message(9, Attribute("db.rows", new ProtoWriter().Varint(3, unchecked((ulong)-5L))))
            .Message(9, Attribute("cached", new ProtoWriter().Varint(2, 1)))
            .Message(9, Attribute("ratio", new ProtoWriter().Fixed64(4, BitConverter.DoubleToUInt64Bits(0.25))))
            .Message(9, Attribute("tags", new ProtoWriter().Message(5, new ProtoWriter().Message(1, new ProtoWriter().String(1, "a")).Message(1, new ProtoWriter().Varint(3, 2)))))
            .Message(11, new ProtoWriter().String(2, "an event, skipped"))
            .Message(15, new ProtoWriter().String(2, "boom").Varint(3, 2));
        var resource = new ProtoWriter().Message(1, Attribute("service.name", new ProtoWriter().String(1, "billing")));
        // Scope spans before the resource on the wire: the reader must still name the service.
        var resourceSpans = new ProtoWriter()
            .Message(2, new ProtoWriter().Message(1, new ProtoWriter().String(1, "scope")).Message(2, span))
            .Message(1, resource);
        return new ProtoWriter().Message(1, resourceSpans).ToArray();
    }

    [Fact]
    public void Protobuf_ReadsIdsTimesKindStatusServiceAndAttributes()
    {
        var batch = OtlpProtobufReader.Read(Request());
        var span = Assert.Single(batch.Spans);
        Assert.Equal(0, batch.Rejected);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", span.TraceId);
        Assert.Equal("00f067aa0ba902b7", span.SpanId);
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId);
        Assert.Equal("SELECT users", span.Name);
        Assert.Equal("client", span.Kind);
        Assert.Equal("billing", span.Service);
        Assert.Equal("error", span.Status);
        Assert.Equal(2_500_000, span.EndUnixNano - span.StartUnixNano);
        Assert.Equal("postgresql", span.Attributes["db.system"]);
        Assert.Equal("-5", span.Attributes["db.rows"]);
        Assert.Equal("true", span.Attributes["cached"]);
        Assert.Equal("0.25", span.Attributes["ratio"]);
        Assert.Equal("[a, 2]", span.Attributes["tags"]);
    }

    [Fact]
    public void Protobuf_SpansWithoutValidIds_AreRejectedNotStored()
    {
        Assert.Equal(1, OtlpProtobufReader.Read(Request(traceId: new byte[16])).Rejected);
        Assert.Equal(1, OtlpProtobufReader.Read(Request(spanId: [1, 2, 3])).Rejected);
        Assert.Empty(OtlpProtobufReader.Read(Request(traceId: new byte[16])).Spans);
    }

    [Theory]
    [InlineData("0a")]              // a length-delimited field with no length
    [InlineData("0a05")]            // a length past the end
    [InlineData("0b")]              // a group (wire type 3)
    [InlineData("08ffffffffffffffffffff01")] // a varint longer than 10 bytes
    [InlineData("0a02080f")]         // resource_spans whose field 1 (resource) is a varint, not a message
    public void Protobuf_Malformed_ThrowsFormatException(string hex)
    {
        Assert.Throws<FormatException>(() => OtlpProtobufReader.Read(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Protobuf_RandomAndMutatedInput_ThrowsNothingButFormatException()
    {
        var random = new Random(20261122);
        var valid = Request();
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }
                input = input[..random.Next(1, input.Length + 1)];
            }
            try
            {
                OtlpProtobufReader.Read(input);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void Json_ReadsTheSameSpan_WithIntegersAsStringsOrNumbers()
    {
        var json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"billing"}}]},
              "scopeSpans":[{"scope":{"name":"x"},"spans":[
                {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","parentSpanId":"b7ad6b7169203331",
                 "name":"SELECT users","kind":3,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":1700000000002500000,
                 "attributes":[{"key":"db.rows","value":{"intValue":"-5"}},{"key":"cached","value":{"boolValue":true}},
                   {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":2}]}}},
                   {"key":"kv","value":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}}]}}}],
                 "status":{"code":2,"message":"boom"}},
                {"traceId":"","spanId":"00f067aa0ba902b7","name":"no trace id"}]}]}]}
            """;
        var batch = OtlpJsonReader.Read(Encoding.UTF8.GetBytes(json));
        var span = Assert.Single(batch.Spans);
        Assert.Equal(1, batch.Rejected);
        Assert.Equal(("billing", "client", "error"), (span.Service, span.Kind, span.Status));
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId);
        Assert.Equal(2_500_000, span.EndUnixNano - span.StartUnixNano);
        Assert.Equal("-5", span.Attributes["db.rows"]);
        Assert.Equal("true", span.Attributes["cached"]);
        Assert.Equal("[a, 2]", span.Attributes["tags"]);
        Assert.Equal("{k: v}", span.Attributes["kv"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"resourceSpans\":{}}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[\"x\"]}]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":[1]}")]
    [InlineData("[]")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[\"x\"]}]}")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"k\",\"value\":{\"arrayValue\":{\"values\":[1]}}}]}]}]}]}")]
    public void Json_Malformed_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => OtlpJsonReader.Read(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Attributes_AreBoundedInCountAndLength()
    {
        var span = new ProtoWriter().Bytes(1, TraceId).Bytes(2, SpanId).String(5, new string('n', 1000));
        for (var i = 0; i < 100; i++)
        {
            span.Message(9, Attribute($"k{i}", new ProtoWriter().String(1, new string('v', 5000))));
        }
        var request = new ProtoWriter().Message(1, new ProtoWriter().Message(2, new ProtoWriter().Message(2, span))).ToArray();
        var read = Assert.Single(OtlpProtobufReader.Read(request).Spans);
        Assert.InRange(read.Attributes.Count, 2, OtlpLimits.MaxAttributes);
        Assert.All(read.Attributes.Values, v => Assert.InRange(v.Length, 1, OtlpLimits.MaxValue));
        Assert.InRange(read.Attributes.Sum(a => a.Key.Length + a.Value.Length), OtlpLimits.MaxAttributeChars - OtlpLimits.MaxValue, OtlpLimits.MaxAttributeChars);
        Assert.Equal(OtlpLimits.MaxName, read.Name.Length);

        var many = new ProtoWriter().Bytes(1, TraceId).Bytes(2, SpanId);
        for (var i = 0; i < 100; i++)
        {
            many.Message(9, Attribute($"k{i}", new ProtoWriter().String(1, "v")));
        }
        var counted = Assert.Single(OtlpProtobufReader.Read(new ProtoWriter().Message(1, new ProtoWriter().Message(2, new ProtoWriter().Message(2, many))).ToArray()).Spans);
        Assert.Equal(OtlpLimits.MaxAttributes, counted.Attributes.Count);
    }

    [Fact]
    public void SpansFromAnApp_LoseNimbusKeys_GoUnderTheAppsName_AndNeverCarryControlCharacters()
    {
        var span = new ProtoWriter().Bytes(1, TraceId).Bytes(2, SpanId).String(5, "evil\u001b[2Jname")
            .Message(9, Attribute("nimbus.lb.reason", new ProtoWriter().String(1, "forged")))
            .Message(9, Attribute("note", new ProtoWriter().String(1, "bell\u0007")));
        var resource = new ProtoWriter().Message(1, Attribute("service.name", new ProtoWriter().String(1, "edge:edge-1")));
        var batch = OtlpProtobufReader.Read(new ProtoWriter().Message(1, new ProtoWriter().Message(1, resource).Message(2, new ProtoWriter().Message(2, span))).ToArray());
        batch.SentBy("shop");
        var read = Assert.Single(batch.Spans);
        Assert.False(read.Attributes.ContainsKey("nimbus.lb.reason"));
        Assert.Equal(("shop", "shop/edge:edge-1"), (read.Attributes["nimbus.app"], read.Service));
        Assert.Equal("bell ", read.Attributes["note"]);
        Assert.Equal("evil [2Jname", read.Name);
    }

    [Fact]
    public void PartialSuccess_NamesTheRejectedCount_InBothEncodings()
    {
        Assert.Empty(OtlpResponse.Protobuf(0));
        Assert.Equal("{}", OtlpResponse.Json(0));
        var protobuf = OtlpResponse.Protobuf(3);
        Assert.Equal(new byte[] { 0x0a }, protobuf[..1]);
        Assert.Equal(new byte[] { 0x08, 0x03 }, protobuf[2..4]);
        Assert.Contains("\"rejectedSpans\":\"3\"", OtlpResponse.Json(3));
    }
}
