namespace Nimbus.ObjectStore.Tests.S3.Auth;

/// <summary>A TimeProvider stopped at a chosen instant.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
