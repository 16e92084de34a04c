using Microsoft.AspNetCore.Http;

namespace Nimbus.ControlPlane.Api;

/// <summary>RFC 9457 answers for every error the API gives, each saying what was wrong and what to do.</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail, string? field = null) => field is null
        ? TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request")
        : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, detail, title: "Invalid request");

    public static IResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), title: "Invalid request");

    public static IResult NotFound(string kind, string name) =>
        TypedResults.Problem($"{kind} '{name}' does not exist. List what exists with GET /v1/{kind}s.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static IResult StaleVersion(string kind, string name, long sent, long current) => Conflict(
        $"{kind} '{name}' changed since you read it (you sent resourceVersion {sent}, it is now {current}). Read it again, reapply your change and retry.");

    public static IResult Gone(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status410Gone, title: "Gone");

    public static IResult Unavailable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable");

    public static IResult BadGateway(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status502BadGateway, title: "Bad gateway");

    public static IResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
}
