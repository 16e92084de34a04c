namespace Nimbus.Edge.Proxy;

/// <summary>The outcome of one forwarding attempt.</summary>
internal readonly record struct ForwardResult(ForwardError Error, int Status, long BytesIn, long BytesOut, bool RequestBodyStarted, string? Detail = null)
{
    /// <summary>Nothing of the request reached the instance, or it cannot have acted on it: safe to send elsewhere.</summary>
    public bool MayRetry(bool idempotent) => !RequestBodyStarted && Error switch
    {
        ForwardError.ConnectFailed => true,
        ForwardError.ResetBeforeResponse => idempotent,
        _ => false,
    };
}
