using Nimbus.Api.Manifests;

namespace Nimbus.Api.Tests.Manifests;

/// <summary>Whatever text is in nimbus.yaml, loading returns a manifest or errors — it never throws.</summary>
public sealed class ManifestLoaderFuzzTests
{
    private const string Valid = """
        name: hello
        run: python3 server.py
        build: pip install -r requirements.txt
        instances: 2
        cpu: 0.25
        memory: 128Mi
        env:
          GREETING: hello
        health:
          path: /healthz
          interval: 1s
          timeout: 2s
          start_grace: 30s
        """;

    private static readonly string[] Fragments = ["{", "}", "[", "]", ":", "- ", "\n", "  ", "\t", "'", "\"", "&a", "*a", "!!str ", "|", ">", "#", "%", "@", "`", "---", "...", "\0", "\u00e9", "?"];

    [Fact]
    public void Load_MutatedManifests_ReturnsAResultAndNeverThrows()
    {
        using var dir = new TempDirectory();
        var random = new Random(1122);
        for (var round = 0; round < 400; round++)
        {
            var text = Valid;
            for (var i = random.Next(1, 6); i > 0; i--)
            {
                var at = random.Next(text.Length + 1);
                text = random.Next(3) switch
                {
                    0 => text.Insert(at, Fragments[random.Next(Fragments.Length)]),
                    1 when at < text.Length => text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at)),
                    _ => text.Insert(at, new string((char)random.Next(32, 127), random.Next(1, 4))),
                };
            }
            File.WriteAllText(Path.Combine(dir.Path, "nimbus.yaml"), text);

            var result = ManifestLoader.Load(dir.Path);

            Assert.True(result.Succeeded || result.Errors.Count > 0, $"round {round}: neither a manifest nor an error for:\n{text}");
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }
    }
}
