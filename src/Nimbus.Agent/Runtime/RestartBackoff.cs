namespace Nimbus.Agent.Runtime;

/// <summary>Capped exponential restart delay that forgives a crash once the instance had been up for a while.</summary>
internal sealed class RestartBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ResetAfter = TimeSpan.FromSeconds(60);

    private TimeSpan _next = Initial;

    /// <summary>Delay before the next start, given how long the run that just ended lasted.</summary>
    public TimeSpan Next(TimeSpan ranFor)
    {
        if (ranFor >= ResetAfter)
        {
            _next = Initial;
        }

        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Max.Ticks));
        return delay;
    }
}
