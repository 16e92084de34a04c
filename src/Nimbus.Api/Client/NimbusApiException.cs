using System.Net;
using Nimbus.Api.Contracts;

namespace Nimbus.Api.Client;

/// <summary>The API answered with an error; <see cref="Problem"/> holds its RFC 9457 details.</summary>
public sealed class NimbusApiException(HttpStatusCode status, ProblemDocument? problem, string fallback)
    : Exception(Describe(problem, fallback))
{
    public HttpStatusCode Status { get; } = status;
    public ProblemDocument? Problem { get; } = problem;

    private static string Describe(ProblemDocument? problem, string fallback)
    {
        if (problem?.Errors is { Count: > 0 } errors)
        {
            return string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
        }
        return problem?.Detail ?? problem?.Title ?? fallback;
    }
}
