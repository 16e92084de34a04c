namespace Nimbus.IntegrationTests.Edge;

/// <summary>The edge-echo test app (Edge/echo-app), copied to a temp folder so a test may change its manifest.</summary>
internal static class EchoApp
{
    public static string Copy(string? manifest = null)
    {
        var dir = Directory.CreateTempSubdirectory("nimbus-echo-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        var source = Path.Combine(Repo.Root, "tests", "Nimbus.IntegrationTests", "Edge", "echo-app");
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }
        if (manifest is not null)
        {
            File.WriteAllText(Path.Combine(dir, "nimbus.yaml"), manifest);
        }
        return dir;
    }

    /// <summary>The echo app's manifest (as in echo-app/nimbus.yaml) under <paramref name="name"/>, with
    /// <paramref name="more"/> top-level YAML appended (an edge:, autoscale: or metrics: section).</summary>
    public static string Manifest(string name, string more = "") =>
        $"name: {name}\nrun: python3 server.py\ncpu: 0.1\nmemory: 64Mi\nhealth:\n  path: /healthz\n  interval: 500ms\n{more}";

    /// <summary>Waits until the edge routes to <paramref name="count"/> distinct instances of the app.</summary>
    public static async Task WaitRoutedAsync(HttpClient client, NimbusCloud cloud, string app, int count)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync(EdgeHttp.Url(cloud, app));
            if (response.IsSuccessStatusCode && response.Headers.TryGetValues("X-Instance", out var ids))
            {
                seen.Add(ids.First());
            }
            else if (response.IsSuccessStatusCode)
            {
                seen.Add(await response.Content.ReadAsStringAsync());
            }
            return seen.Count >= count;
        }, TimeSpan.FromSeconds(60), $"the edge to route to {count} instances of {app}");
    }
}
