namespace Nimbus.Api.Bundles;

/// <summary>What the last matching rule said about a path.</summary>
internal enum IgnoreMatch
{
    None,
    Ignored,
    Included,
}
