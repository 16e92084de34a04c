namespace Nimbus.Bench.S3Load;

/// <summary>What a listing walk needs from one ListObjectsV2 page.</summary>
internal readonly record struct ListPageResult(int KeyCount, bool IsTruncated, string? NextContinuationToken);
