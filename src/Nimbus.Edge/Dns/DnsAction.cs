namespace Nimbus.Edge.Dns;

/// <summary>What the transport does with a handled query.</summary>
internal enum DnsAction
{
    /// <summary>Send the response written into the buffer.</summary>
    Respond,

    /// <summary>Send nothing.</summary>
    Drop,

    /// <summary>The name is outside our zones and an upstream is configured: relay the query there.</summary>
    Forward,
}
