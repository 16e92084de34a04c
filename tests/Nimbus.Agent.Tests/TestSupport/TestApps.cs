namespace Nimbus.Agent.Tests.TestSupport;

/// <summary>Tiny apps for supervised-process tests.</summary>
internal static class TestApps
{
    public const string Python = "/usr/bin/python3";

    /// <summary>An HTTP server on $PORT answering 200 to everything; says so on stdout and stderr.</summary>
    public const string ServerScript = """
        import http.server, os, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H)
        print("serving on", os.environ["PORT"], flush=True)
        print("stderr works", file=sys.stderr, flush=True)
        server.serve_forever()
        """;

    /// <summary>Shell command running <see cref="ServerScript"/> (passed through the environment: no quoting).</summary>
    public const string ServerCommand = "exec " + Python + " -c \"$SERVER_PY\"";

    public static Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["SERVER_PY"] = ServerScript,
        };
        foreach (var (name, value) in extra)
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>A sleep duration no other test (or anything else) uses, to find the process in /proc.</summary>
    public static string UniqueSleep() => $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(1, 999)}";
}
