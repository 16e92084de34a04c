using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Nimbus.ControlPlane.Api;

/// <summary>Reads a JSON request body with the source-generated contracts; bad JSON, unknown fields and
/// wrong types become a 400 that names the field.</summary>
internal static class JsonBody
{
    public const long MaxBytes = 1024 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.TooLarge($"a JSON body may be at most {MaxBytes} bytes"));
        }
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.BadRequest($"expected Content-Type application/json, got '{type}'"));
        }
        try
        {
            await using var limited = new LimitedReadStream(request.Body, MaxBytes);
            var value = await JsonSerializer.DeserializeAsync(limited, typeInfo, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, Problems.BadRequest("the request body is empty or null; send a JSON object")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = FieldFromPath(ex.Path);
            var message = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"unknown field '{field}'"
                : $"invalid JSON at '{field}': {FirstSentence(ex.Message)}";
            return (null, Problems.BadRequest(message, field));
        }
        catch (InvalidDataException ex)
        {
            return (null, Problems.TooLarge(ex.Message));
        }
    }

    private static string FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
