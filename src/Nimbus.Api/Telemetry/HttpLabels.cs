namespace Nimbus.Api.Telemetry;

/// <summary>HTTP label values from fixed sets, so a client cannot grow a metric's series by sending made-up methods
/// or statuses.</summary>
public static class HttpLabels
{
    private static readonly string[] StatusClasses = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];
    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"];

    /// <summary>"2xx" for 200–299 and so on; "other" for anything outside 100–599 (0: no response was sent).</summary>
    public static string StatusClass(int status) => StatusClasses[status / 100 is >= 1 and <= 5 ? status / 100 : 0];

    /// <summary>The method as sent when it is a common one (any case), else "other".</summary>
    public static string Method(string method)
    {
        foreach (var known in Methods)
        {
            if (string.Equals(known, method, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }
        return "other";
    }
}
