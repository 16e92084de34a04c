namespace Nimbus.ControlPlane.Certificates;

/// <summary>The local CA on disk cannot be used (corrupt, half-written, mismatched or expired). Start-up stops with
/// this message, which says what to do: the CA is never replaced silently, since clients trust the old one.</summary>
public sealed class CertificateAuthorityException(string message, Exception? inner = null) : Exception(message, inner)
{
}
