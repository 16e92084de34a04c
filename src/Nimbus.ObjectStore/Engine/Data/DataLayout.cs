namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>A parsed layout (see <see cref="LayoutCodec"/>): segments stored one after the other.</summary>
internal sealed record DataLayout(long Length, IReadOnlyList<LayoutSegment> Segments);
