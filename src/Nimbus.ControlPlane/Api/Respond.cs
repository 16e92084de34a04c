using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>JSON answers through the source-generated contracts.</summary>
internal static class Respond
{
    public static IResult Json<T>(T value, JsonTypeInfo<T> typeInfo, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, typeInfo, statusCode: status);

    /// <summary>Maps a failed write to the matching problem.</summary>
    public static IResult WriteFailure<T>(WriteResult<T> result, string kind, string name, long sentVersion) => result.Status switch
    {
        WriteStatus.NotFound => Problems.NotFound(kind, name),
        WriteStatus.AlreadyExists => Problems.Conflict($"{kind} '{name}' already exists"),
        _ => Problems.StaleVersion(kind, name, sentVersion, result.CurrentVersion),
    };
}
