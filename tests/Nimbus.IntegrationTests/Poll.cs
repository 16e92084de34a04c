namespace Nimbus.IntegrationTests;

/// <summary>Waits for a condition with a deadline — never a sleep as synchronisation.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or Api.Client.NimbusApiException or System.Text.Json.JsonException)
            {
                last = ex;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds}s waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})"));
    }

    public static async Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        await UntilAsync<object>(async () => await probe() ? new object() : null, timeout, what);
}
