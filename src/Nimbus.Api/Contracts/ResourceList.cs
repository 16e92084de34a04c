namespace Nimbus.Api.Resources;

/// <summary>A list answer: the items and the store revision they were read at (watch from Revision + 1).</summary>
public sealed class ResourceList<T>
{
    public List<T> Items { get; set; } = [];
    public long Revision { get; set; }
}
