namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>The change log's last committed seq, and a wait for it to pass a given one (the change feed's long poll).</summary>
internal sealed class ChangeSignal(long seq)
{
    private long _seq = seq;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Seq => Volatile.Read(ref _seq);

    /// <summary>Called by the writer after a commit that logged changes up to <paramref name="seq"/>.</summary>
    public void Publish(long seq)
    {
        if (seq <= Seq)
        {
            return;
        }
        Volatile.Write(ref _seq, seq);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Sets the seq even when it goes down (a follower's copy that started over from another log), waking waiters.</summary>
    public void Restart(long seq)
    {
        Volatile.Write(ref _seq, seq);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>True once a commit past <paramref name="after"/> is durable; false if none came within <paramref name="timeout"/>.</summary>
    public Task<bool> WaitPastAsync(long after, TimeSpan timeout, CancellationToken ct) => WaitUntilAsync(() => Seq > after, timeout, ct);

    /// <summary>True once <paramref name="done"/> holds (looked at after every publish or restart); false if it did not
    /// within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilAsync(Func<bool> done, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            // Take the wait before looking: a publish in between completes the one taken, or shows in the look.
            var next = Volatile.Read(ref _next).Task;
            if (done())
            {
                return true;
            }
            try
            {
                await next.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return done();
            }
        }
    }
}
