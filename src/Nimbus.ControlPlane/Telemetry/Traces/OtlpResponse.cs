using System.Text;

namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>An <c>ExportTraceServiceResponse</c>: empty on full success, a partial success naming how many spans were
/// turned away otherwise.</summary>
internal static class OtlpResponse
{
    private const string Reason = "spans need a 16-byte trace id and an 8-byte span id, neither all zero; at most 10000 per export";

    public static byte[] Protobuf(int rejected)
    {
        if (rejected == 0)
        {
            return [];
        }
        // partial_success (1) { rejected_spans (1): varint, error_message (2): string }
        var message = Encoding.UTF8.GetBytes(Reason);
        var inner = new List<byte> { 0x08 };
        Varint(inner, (ulong)rejected);
        inner.Add(0x12);
        Varint(inner, (ulong)message.Length);
        inner.AddRange(message);
        var outer = new List<byte> { 0x0a };
        Varint(outer, (ulong)inner.Count);
        outer.AddRange(inner);
        return [.. outer];
    }

    public static string Json(int rejected) =>
        rejected == 0 ? "{}" : $"{{\"partialSuccess\":{{\"rejectedSpans\":\"{rejected}\",\"errorMessage\":\"{Reason}\"}}}}";

    private static void Varint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }
}
