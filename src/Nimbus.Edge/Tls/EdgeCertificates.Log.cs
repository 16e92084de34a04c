using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Tls;

internal sealed partial class EdgeCertificates
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Certificate for {Host} loaded, valid until {NotAfter:u}")]
    private partial void LogCertificateLoaded(string host, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "No certificate for {Host}: not an app or domain")]
    private partial void LogUnknownHost(string host);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Fetching the certificate for {Host} failed")]
    private partial void LogFetchFailed(string host, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "TLS handshake for {Host} refused: no certificate")]
    private partial void LogHandshakeRefused(string host);
}
