namespace Nimbus.Edge.Tests.Dns;

/// <summary>A fact that is skipped, saying why, when <c>dig</c> (Debian's dnsutils) is not on PATH.</summary>
public sealed class DigFactAttribute : FactAttribute
{
    public DigFactAttribute()
    {
        if (DigRunner.Path is null)
        {
            Skip = "dig is not on PATH: install it with `apt-get install -y dnsutils` (the test script does)";
        }
    }
}
