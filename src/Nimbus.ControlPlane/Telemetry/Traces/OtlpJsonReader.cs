using System.Globalization;
using System.Text.Json;
using Nimbus.Api.Contracts;

namespace Nimbus.ControlPlane.Telemetry.Traces;

/// <summary>Reads an OTLP <c>ExportTraceServiceRequest</c> in its JSON encoding (<c>application/json</c>): lowerCamelCase
/// fields, ids as hex, enums as integers, 64-bit integers as strings or numbers. Malformed input throws
/// <see cref="FormatException"/>.</summary>
internal static class OtlpJsonReader
{
    public static OtlpBatch Read(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new FormatException("the body is not JSON: " + ex.Message, ex);
        }
        using (document)
        {
            var batch = new OtlpBatch();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the body is not a JSON object");
            }
            foreach (var resourceSpans in Array(document.RootElement, "resourceSpans"))
            {
                if (resourceSpans.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("a resourceSpans entry is not a JSON object");
                }
                var service = "";
                if (Object(resourceSpans, "resource") is { } resource)
                {
                    foreach (var attribute in Array(resource, "attributes"))
                    {
                        var (key, value) = KeyValue(attribute);
                        if (key == "service.name")
                        {
                            service = OtlpLimits.Cut(value, OtlpLimits.MaxName);
                        }
                    }
                }
                foreach (var scopeSpans in Array(resourceSpans, "scopeSpans"))
                {
                    if (scopeSpans.ValueKind != JsonValueKind.Object)
                    {
                        throw new FormatException("a scopeSpans entry is not a JSON object");
                    }
                    foreach (var span in Array(scopeSpans, "spans"))
                    {
                        Span(span, service, batch);
                    }
                }
            }
            return batch;
        }
    }

    private static void Span(JsonElement element, string service, OtlpBatch batch)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a span is not a JSON object");
        }
        var span = new TraceSpan
        {
            Service = service,
            Name = String(element, "name"),
            Kind = OtlpBatch.Kind(Integer(element, "kind")),
            StartUnixNano = Integer(element, "startTimeUnixNano"),
            EndUnixNano = Integer(element, "endTimeUnixNano"),
            Status = Object(element, "status") is { } status ? OtlpBatch.Status(Integer(status, "code")) : "",
        };
        foreach (var attribute in Array(element, "attributes"))
        {
            var (key, value) = KeyValue(attribute);
            OtlpBatch.Attribute(span.Attributes, key, value);
        }
        if (!TryHex(String(element, "traceId"), out var traceId) || !TryHex(String(element, "spanId"), out var spanId) ||
            !TryHex(String(element, "parentSpanId"), out var parent))
        {
            batch.Reject();
            return;
        }
        batch.Add(traceId, spanId, parent, span);
    }

    private static (string Key, string Value) KeyValue(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? (String(element, "key"), Object(element, "value") is { } value ? AnyValue(value, 0) : "")
            : throw new FormatException("an attribute is not a JSON object");

    private static string AnyValue(JsonElement value, int depth)
    {
        if (depth > OtlpLimits.MaxDepth)
        {
            throw new FormatException($"attribute values are nested deeper than {OtlpLimits.MaxDepth}");
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an attribute value is not a JSON object");
        }
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "stringValue":
                    return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                case "boolValue":
                    return property.Value.ValueKind == JsonValueKind.True ? "true" : "false";
                case "intValue":
                    return Integer(property.Value, "intValue").ToString(CultureInfo.InvariantCulture);
                case "doubleValue":
                    return property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture) : property.Value.ToString();
                case "bytesValue":
                    return property.Value.ToString();
                case "arrayValue":
                    return "[" + string.Join(", ", Array(property.Value, "values").Select(v => AnyValue(v, depth + 1))) + "]";
                case "kvlistValue":
                    return "{" + string.Join(", ", Array(property.Value, "values").Select(kv =>
                        kv.ValueKind == JsonValueKind.Object ? String(kv, "key") + ": " + (Object(kv, "value") is { } v ? AnyValue(v, depth + 1) : "") : "")) + "}";
            }
        }
        return "";
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw new FormatException($"'{name}' is not a JSON array");
    }

    private static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary>A 64-bit integer written as a number or (as OTLP/JSON says it should be) a string; 0 when absent.</summary>
    private static long Integer(JsonElement element, string name)
    {
        var value = element.ValueKind == JsonValueKind.Object ? (element.TryGetProperty(name, out var v) ? v : default) : element;
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.Number when value.TryGetUInt64(out var u) => unchecked((long)u),
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
            JsonValueKind.String when ulong.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) => unchecked((long)us),
            JsonValueKind.Undefined or JsonValueKind.Null => 0,
            _ => throw new FormatException($"'{name}' is not an integer"),
        };
    }

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0)
        {
            return true;
        }
        if (text.Length % 2 != 0 || text.Length > 32)
        {
            return false;
        }
        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
