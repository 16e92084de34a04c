namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// The change feed on the wire (little-endian): a head — "NMF1", i32 schema version, i64 log id, u8 1 when the copy
/// must start over (clear every table first) — then records — u8 table code (1..4), i64 key 1, i64 key 2, u8 1 when
/// the row exists (then u8 column count and each column as u8 type: 0 NULL, 1 i64, 2 UTF-8 text or 3 blob with an i32
/// length before the bytes) or 0 when it was deleted — and a tail: u8 0, i64 the seq the copy is now at, "END1".
/// A feed without its tail was cut off: nothing of it is applied.
/// </summary>
internal static class ChangeFeedFormat
{
    public static ReadOnlySpan<byte> Head => "NMF1"u8;
    public static ReadOnlySpan<byte> Tail => "END1"u8;

    public const byte Null = 0, Integer = 1, Text = 2, Blob = 3;

    /// <summary>Largest text or blob value accepted (inline bodies are at most 64 KiB; layouts and JSON far smaller).</summary>
    public const int MaxValueBytes = 16 * 1024 * 1024;

    /// <summary>More columns than any logged table has.</summary>
    public const int MaxColumns = 64;
}
