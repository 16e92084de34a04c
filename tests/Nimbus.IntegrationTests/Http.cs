namespace Nimbus.IntegrationTests;

internal static class Http
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static Task<string> GetAsync(string address, string path = "/") => Client.GetStringAsync($"http://{address}{path}");
}
