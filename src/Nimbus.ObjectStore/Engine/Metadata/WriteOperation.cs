namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// One mutation queued to the writer. It runs inside the batch's transaction (in its own savepoint, so a failure
/// undoes only its own statements), and records what must happen only once the batch is durable: the staged data it
/// adopted is marked committed, the layouts it unreferenced are released, then its caller is answered.
/// </summary>
internal abstract class WriteOperation
{
    private List<byte[]>? _releases;
    private StagedData? _staged;
    private bool _adopted;

    /// <summary>Runs the operation's checks and statements; an exception rolls back its savepoint and fails only it.</summary>
    internal abstract void Execute(MetadataTransaction transaction);

    /// <summary>Answers the caller: with the result of <see cref="Execute"/>, or with <paramref name="failure"/>.</summary>
    internal abstract void Answer(Exception? failure);

    /// <summary>Staged data this operation consumes: disposed (deleted, unless adopted and committed) after the batch.</summary>
    protected void Consume(StagedData staged) => _staged = staged;

    /// <summary>The operation wrote a row referring to the consumed staged data.</summary>
    protected void Adopt() => _adopted = true;

    /// <summary>A layout no row refers to once this operation commits.</summary>
    internal void ReleaseAfterCommit(byte[] layout)
    {
        if (layout.Length > 0)
        {
            (_releases ??= []).Add(layout);
        }
    }

    /// <summary>The operation's statements were rolled back: forget their effects.</summary>
    internal void Discard()
    {
        _releases?.Clear();
        _adopted = false;
    }

    internal IReadOnlyList<byte[]> Releases => (IReadOnlyList<byte[]>?)_releases ?? [];

    /// <summary>Called after the commit (or the failure) of the batch.</summary>
    internal void SettleStaged(bool committed)
    {
        if (committed && _adopted)
        {
            _staged!.MarkCommitted();
        }
    }

    internal StagedData? Staged => _staged;

    /// <summary>The change-log seq as of the batch this operation committed in (0 while no change was logged yet): what
    /// its caller waits for the copies to confirm.</summary>
    internal long CommitSeq { get; set; }
}
