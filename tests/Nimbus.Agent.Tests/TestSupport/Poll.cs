namespace Nimbus.Agent.Tests.TestSupport;

/// <summary>Waits for a condition by polling, with a deadline; never a bare sleep.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout}: {describe()}");
            }

            await Task.Delay(25);
        }
    }
}
