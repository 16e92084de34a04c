namespace Nimbus.Agent.Tests.TestSupport;

/// <summary>A clock that says what the test sets; timers are not needed where it is used.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
