namespace Nimbus.Api.Contracts;

/// <summary>RFC 9457 problem details, as every API error is answered.</summary>
public sealed class ProblemDocument
{
    public string? Type { get; set; }
    public string? Title { get; set; }
    public int? Status { get; set; }
    public string? Detail { get; set; }
    public string? Instance { get; set; }
    /// <summary>Field path → messages, for validation errors.</summary>
    public Dictionary<string, string[]>? Errors { get; set; }
}
