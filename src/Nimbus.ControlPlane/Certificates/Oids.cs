namespace Nimbus.ControlPlane.Certificates;

/// <summary>The X.509 object identifiers the certificate code refers to.</summary>
internal static class Oids
{
    public const string BasicConstraints = "2.5.29.19";
    public const string SubjectAlternativeName = "2.5.29.17";
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
}
