namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>A write operation whose caller awaits a <typeparamref name="T"/>.</summary>
internal abstract class WriteOperation<T> : WriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Completion => _completion.Task;

    protected abstract T Run(MetadataTransaction transaction);

    internal sealed override void Execute(MetadataTransaction transaction) => _result = Run(transaction);

    internal sealed override void Answer(Exception? failure)
    {
        if (failure is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(failure);
        }
    }
}
