namespace Nimbus.Edge.Tests.Tls;

/// <summary>A clock the test moves by hand (timers are the system's: the code under test only reads the time).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
