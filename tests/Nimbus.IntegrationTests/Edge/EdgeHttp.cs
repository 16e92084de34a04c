using System.Net;
using System.Net.Sockets;

namespace Nimbus.IntegrationTests.Edge;

/// <summary>HTTP clients that reach apps through a cloud's edge by name (http://APP.localhost:PORT/), whatever the
/// resolver says about *.localhost: every connection goes to the edge's listener.</summary>
internal static class EdgeHttp
{
    public static HttpClient Client(NimbusCloud cloud, TimeSpan? timeout = null) =>
        new(Handler(cloud)) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>With <paramref name="https"/>, to the HTTPS listener (the certificate is accepted as is: TLS itself is
    /// verified by the curl tests).</summary>
    public static SocketsHttpHandler Handler(NimbusCloud cloud, bool https = false)
    {
        var edge = (https ? cloud.Https : cloud.Http) ?? throw new InvalidOperationException("the cloud has no edge");
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => https },
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Parse(edge.Host), edge.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return handler;
    }

    public static Uri Url(NimbusCloud cloud, string app, string path = "/") => new($"http://{app}.localhost:{cloud.Http!.Port}{path}");
}
