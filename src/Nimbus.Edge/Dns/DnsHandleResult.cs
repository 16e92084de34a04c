namespace Nimbus.Edge.Dns;

/// <summary>The outcome of <see cref="DnsQueryHandler.Handle"/>.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Length">Bytes of response written (for <see cref="DnsAction.Respond"/>).</param>
/// <param name="ResponseLimit">The most bytes the client accepts on this transport, for relaying an upstream answer.</param>
internal readonly record struct DnsHandleResult(DnsAction Action, int Length, int ResponseLimit);
