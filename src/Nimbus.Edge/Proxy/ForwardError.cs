namespace Nimbus.Edge.Proxy;

/// <summary>How forwarding one request to one instance went. Returned, not thrown: these are traffic, not bugs.</summary>
internal enum ForwardError
{
    None,
    /// <summary>No connection could be made (refused, unreachable, connect timeout): nothing was sent.</summary>
    ConnectFailed,
    /// <summary>The connection broke before any response byte arrived.</summary>
    ResetBeforeResponse,
    /// <summary>No response headers within the app's timeout.</summary>
    ResponseTimeout,
    /// <summary>Reading the client's request body failed (the client's fault, not the instance's).</summary>
    RequestBodyFailed,
    /// <summary>The instance's response broke off after it had started.</summary>
    ResponseBodyFailed,
    /// <summary>The client went away.</summary>
    ClientGone,
    /// <summary>The instance answered 304 to the cache's validators, but not for the stored response (another ETag):
    /// nothing was sent to the client; the request goes again, without the cache.</summary>
    RevalidationMismatch,
}
