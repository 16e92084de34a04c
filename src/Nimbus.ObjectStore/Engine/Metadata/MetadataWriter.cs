using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// Group commit: every mutation goes through this one writer. Operations queued while a batch commits are drained
/// into the next one: one transaction, one WAL fsync, however many callers. Each caller is answered only after its
/// batch is durable; layouts the batch unreferenced are released after the commit, never before.
/// </summary>
internal sealed partial class MetadataWriter : IAsyncDisposable
{
    private readonly Channel<WriteOperation> _queue = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MetadataTransaction _transaction;
    private readonly IDataStore _data;
    private readonly DeferredReleases _releases;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly List<WriteOperation> _batch = [];
    private readonly Task _loop;
    private volatile BucketCatalog _catalog;
    private long _batches;
    private long _operations;

    public MetadataWriter(MetadataTransaction transaction, IDataStore data, TimeProvider time, ILogger logger, int maxBatch, TimeSpan releaseGrace)
    {
        _transaction = transaction;
        _data = data;
        _releases = new DeferredReleases(data, time, releaseGrace, logger);
        _time = time;
        _logger = logger;
        _maxBatch = Math.Max(1, maxBatch);
        _catalog = transaction.LoadCatalog();
        Changes = new ChangeSignal(transaction.ChangeSeq());
        ChangeLogId = transaction.ChangeLogId();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The buckets as of the last commit.</summary>
    public BucketCatalog Catalog => _catalog;

    /// <summary>The change log's id (made once with the database).</summary>
    public long ChangeLogId { get; }

    /// <summary>The change log's last committed seq (what the change feed waits on).</summary>
    public ChangeSignal Changes { get; }

    /// <summary>Transactions committed (one per batch).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Operations committed or answered.</summary>
    public long Operations => Interlocked.Read(ref _operations);

    public Task<T> Enqueue<T>(WriteOperation<T> operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            // Shut down: the operation never runs; its staged data is deleted in the background.
            var staged = operation.Staged;
            if (staged is not null)
            {
                _ = staged.DisposeAsync().AsTask();
            }
            return Task.FromException<T>(new ObjectDisposedException(nameof(ObjectEngine)));
        }
        return operation.Completion;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _batch.Clear();
            while (_batch.Count < _maxBatch && reader.TryRead(out var operation))
            {
                _batch.Add(operation);
            }
            var failures = new Exception?[_batch.Count];
            var committed = Commit(failures);
            try
            {
                await SettleAsync(failures, committed).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The writer must outlive any one batch: a dead loop would leave every later write waiting forever.
                LogBatchFailed(_logger, _batch.Count, e);
                foreach (var operation in _batch)
                {
                    operation.Answer(e);
                }
            }
        }
    }

    private bool Commit(Exception?[] failures)
    {
        long seq;
        try
        {
            _transaction.Begin(_time.GetUtcNow());
            for (var i = 0; i < _batch.Count; i++)
            {
                var operation = _batch[i];
                _transaction.Savepoint();
                try
                {
                    operation.Execute(_transaction);
                    _transaction.ReleaseSavepoint();
                }
                catch (Exception e)
                {
                    // Only this operation's statements are undone; the others in the batch still commit.
                    _transaction.RollbackToSavepoint();
                    operation.Discard();
                    failures[i] = e;
                    LogOperationFailed(_logger, operation.GetType().Name, e);
                }
            }
            seq = _transaction.ChangeSeq();
            _transaction.Commit();
        }
        catch (Exception e)
        {
            LogBatchFailed(_logger, _batch.Count, e);
            try
            {
                _transaction.Rollback();
            }
            catch (Exception rollback)
            {
                LogBatchFailed(_logger, _batch.Count, rollback);
            }
            for (var i = 0; i < _batch.Count; i++)
            {
                _batch[i].Discard();
                failures[i] ??= e;
            }
            return false;
        }
        // Committed: nothing after this point may be mistaken for a rollback (the staged data is now referenced).
        Interlocked.Increment(ref _batches);
        // Every operation waits for its batch's seq, also one that changed nothing: a retried delete that finds the
        // key gone must not be answered before the copies have the delete it retries.
        foreach (var operation in _batch)
        {
            operation.CommitSeq = seq;
        }
        Changes.Publish(seq);
        if (_transaction.BucketsChanged)
        {
            try
            {
                _catalog = _transaction.LoadCatalog();
            }
            catch (Exception e)
            {
                LogBatchFailed(_logger, _batch.Count, e);
            }
        }
        return true;
    }

    private async Task SettleAsync(Exception?[] failures, bool committed)
    {
        for (var i = 0; i < _batch.Count; i++)
        {
            var operation = _batch[i];
            try
            {
                operation.SettleStaged(committed && failures[i] is null);
            }
            catch (Exception e)
            {
                LogOperationFailed(_logger, operation.GetType().Name, e);
                failures[i] ??= e;
            }
            foreach (var layout in operation.Releases)
            {
                await _releases.AddAsync(layout).ConfigureAwait(false);
            }
            if (operation.Staged is { } staged)
            {
                try
                {
                    await staged.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    LogReleaseFailed(_logger, e);
                }
            }
            Interlocked.Increment(ref _operations);
            operation.Answer(failures[i]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _releases.DisposeAsync().ConfigureAwait(false);
        _transaction.Dispose();
    }
}
