namespace Nimbus.ObjectStore.Tests.Engine.Data;

/// <summary>Tests that measure the process's managed memory run alone: other tests' allocations would count against them.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;
