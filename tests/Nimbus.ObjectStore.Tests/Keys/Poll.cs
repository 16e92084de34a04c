namespace Nimbus.ObjectStore.Tests.Keys;

/// <summary>Waits for a condition with a deadline, instead of sleeping a guessed time.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout}");
            await Task.Delay(20);
        }
    }
}
