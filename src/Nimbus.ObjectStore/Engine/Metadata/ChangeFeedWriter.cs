using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// Writes the change feed (<see cref="ChangeFeedFormat"/>) from one read snapshot: every row changed after a seq, as
/// it is in that snapshot (or as deleted) — or, for a copy that starts over, every row. Streamed in 64 KiB pieces, so a full copy of a large
/// database never sits in memory.
/// </summary>
internal sealed class ChangeFeedWriter
{
    private const int FlushBytes = 64 * 1024;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes * 2);
    private readonly Stream _output;

    private ChangeFeedWriter(Stream output) => _output = output;

    /// <summary>Where the log stands: its id, the last seq, and the seq at or below which entries may be gone.</summary>
    public static (long Log, long Seq, long Trimmed) Position(CommandCache commands)
    {
        var log = (long)(commands.Get("SELECT value FROM meta WHERE name = 'log'").ExecuteScalar() ?? 0L);
        var trimmed = (long)(commands.Get("SELECT value FROM meta WHERE name = 'trimmed'").ExecuteScalar() ?? 0L);
        var seq = (long)commands.Get(ChangeLog.CurrentSeqSql).ExecuteScalar()!;
        return (log, seq, trimmed);
    }

    /// <summary>
    /// In one snapshot of <paramref name="commands"/>' connection: reads where the log stands, lets
    /// <paramref name="startOver"/> decide from that whether the copy starts over, and writes every change after
    /// <paramref name="after"/> (or every row of every table, when starting over). The feed ends at the log's
    /// last seq in that snapshot. Returns the position and the decision.
    /// </summary>
    public static async Task<(long Log, long Seq, long Trimmed, bool Reset)> WriteAsync(
        CommandCache commands, long after, Func<(long Log, long Seq, long Trimmed), bool> startOver, Stream output, CancellationToken ct)
    {
        var writer = new ChangeFeedWriter(output);
        commands.Execute("BEGIN");
        (long Log, long Seq, long Trimmed) position;
        bool reset;
        try
        {
            // The first read starts the snapshot: the position, the decision and the scan all see the same commit.
            position = Position(commands);
            reset = startOver(position);
            writer.WriteHead(position.Log, reset);
            if (reset)
            {
                // Every row of every table (the log may have been trimmed): the copy clears its tables first.
                foreach (var table in ChangeLog.Tables)
                {
                    using var rows = commands.Get($"SELECT * FROM {table.Name}").ExecuteReader();
                    while (rows.Read())
                    {
                        writer.WriteRow(table.Code, rows.GetInt64(rows.GetOrdinal(table.Key1)), table.Key2 is null ? 0 : rows.GetInt64(rows.GetOrdinal(table.Key2)), rows);
                        await writer.FlushIfFullAsync(ct).ConfigureAwait(false);
                    }
                }
            }
            else
            {
                // Each changed row once, in the order of its last change, as it is in this snapshot (or deleted).
                using var changes = commands.Get("SELECT tbl, k1, k2, max(seq) AS last FROM changes WHERE seq > $a GROUP BY tbl, k1, k2 ORDER BY last")
                    .Bind("$a", after).ExecuteReader();
                while (changes.Read())
                {
                    var table = ChangeLog.Table((int)changes.GetInt64(0)) ?? throw new InvalidDataException($"change {changes.GetInt64(3)} names unknown table {changes.GetInt64(0)}");
                    var k1 = changes.GetInt64(1);
                    var k2 = changes.GetInt64(2);
                    using (var row = commands.Get($"SELECT * FROM {table.Name} WHERE {table.KeyFilter}").Bind("$k1", k1).Bind("$k2", k2).ExecuteReader())
                    {
                        if (row.Read())
                        {
                            writer.WriteRow(table.Code, k1, k2, row);
                        }
                        else
                        {
                            writer.WriteKey(table.Code, k1, k2, present: false);
                        }
                    }
                    await writer.FlushIfFullAsync(ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            commands.Execute("COMMIT");
        }
        // The log's seq, not the last entry's: the copy is then never behind the trim point.
        writer.WriteTail(position.Seq);
        await writer.FlushAsync(ct).ConfigureAwait(false);
        return (position.Log, position.Seq, position.Trimmed, reset);
    }

    private void WriteHead(long log, bool reset)
    {
        var span = _buffer.GetSpan(17);
        ChangeFeedFormat.Head.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], MetadataDatabase.SchemaVersion);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], log);
        span[16] = reset ? (byte)1 : (byte)0;
        _buffer.Advance(17);
    }

    private void WriteKey(byte table, long k1, long k2, bool present)
    {
        var span = _buffer.GetSpan(18);
        span[0] = table;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], k1);
        BinaryPrimitives.WriteInt64LittleEndian(span[9..], k2);
        span[17] = present ? (byte)1 : (byte)0;
        _buffer.Advance(18);
    }

    private void WriteRow(byte table, long k1, long k2, SqliteDataReader row)
    {
        WriteKey(table, k1, k2, present: true);
        _buffer.GetSpan(1)[0] = (byte)row.FieldCount;
        _buffer.Advance(1);
        for (var i = 0; i < row.FieldCount; i++)
        {
            if (row.IsDBNull(i))
            {
                _buffer.GetSpan(1)[0] = ChangeFeedFormat.Null;
                _buffer.Advance(1);
                continue;
            }
            var type = row.GetFieldType(i);
            if (type == typeof(long))
            {
                var span = _buffer.GetSpan(9);
                span[0] = ChangeFeedFormat.Integer;
                BinaryPrimitives.WriteInt64LittleEndian(span[1..], row.GetInt64(i));
                _buffer.Advance(9);
            }
            else if (type == typeof(string))
            {
                var text = row.GetString(i);
                var length = Encoding.UTF8.GetByteCount(text);
                var span = _buffer.GetSpan(5 + length);
                span[0] = ChangeFeedFormat.Text;
                BinaryPrimitives.WriteInt32LittleEndian(span[1..], length);
                Encoding.UTF8.GetBytes(text, span[5..]);
                _buffer.Advance(5 + length);
            }
            else if (type == typeof(byte[]))
            {
                var bytes = row.GetFieldValue<byte[]>(i);
                var span = _buffer.GetSpan(5 + bytes.Length);
                span[0] = ChangeFeedFormat.Blob;
                BinaryPrimitives.WriteInt32LittleEndian(span[1..], bytes.Length);
                bytes.CopyTo(span[5..]);
                _buffer.Advance(5 + bytes.Length);
            }
            else
            {
                // STRICT tables of INTEGER, TEXT and BLOB columns hold nothing else.
                throw new InvalidDataException($"column {row.GetName(i)} holds a {type.Name}, which the change feed does not carry");
            }
        }
    }

    private void WriteTail(long upTo)
    {
        var span = _buffer.GetSpan(13);
        span[0] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], upTo);
        ChangeFeedFormat.Tail.CopyTo(span[9..]);
        _buffer.Advance(13);
    }

    private ValueTask FlushIfFullAsync(CancellationToken ct) =>
        _buffer.WrittenCount >= FlushBytes ? new ValueTask(FlushAsync(ct)) : ValueTask.CompletedTask;

    private async Task FlushAsync(CancellationToken ct)
    {
        await _output.WriteAsync(_buffer.WrittenMemory, ct).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
    }
}
