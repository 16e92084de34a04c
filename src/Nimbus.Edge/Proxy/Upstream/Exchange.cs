namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>One request/response on one connection: the result, whether the connection may serve another request, and
/// whether it failed as a stale pooled connection does (so the request may go again on a fresh one).</summary>
internal readonly record struct Exchange(ForwardResult Result, bool Reusable, bool Stale);
