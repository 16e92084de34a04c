using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// Applies a change feed (<see cref="ChangeFeedFormat"/>) to a copy of the metadata, in one transaction: each row
/// written as the source has it (insert or replace by primary key), each tombstone deleted, and where the copy now
/// stands (<c>meta.follows</c>, <c>meta.applied</c>) in the same commit. A feed that is malformed, of another schema,
/// or cut off before its tail is rolled back whole: the copy stays where it was.
/// </summary>
internal sealed class ChangeFeedApplier
{
    private readonly CommandCache _commands;
    private readonly Dictionary<int, int> _columns = [];
    private readonly byte[] _scratch = new byte[18];
    private Stream _input = Stream.Null;

    /// <param name="commands">The copy's writer connection (its only writer while it follows).</param>
    public ChangeFeedApplier(CommandCache commands)
    {
        _commands = commands;
        foreach (var table in ChangeLog.Tables)
        {
            _columns[table.Code] = (int)(long)commands.Get($"SELECT count(*) FROM pragma_table_info('{table.Name}')").ExecuteScalar()!;
        }
    }

    /// <summary>The log this copy follows and the seq it has applied (0, 0 for a copy that never followed one).</summary>
    public (long Log, long Applied) Position()
    {
        var log = (long)(_commands.Get("SELECT value FROM meta WHERE name = 'follows'").ExecuteScalar() ?? 0L);
        var applied = (long)(_commands.Get("SELECT value FROM meta WHERE name = 'applied'").ExecuteScalar() ?? 0L);
        return (log, applied);
    }

    /// <summary>Reads a whole feed from <paramref name="input"/> and commits it; returns what it changed.</summary>
    public async Task<FeedResult> ApplyAsync(Stream input, CancellationToken ct)
    {
        _input = input;
        await ReadAsync(17, ct).ConfigureAwait(false);
        if (!_scratch.AsSpan(0, 4).SequenceEqual(ChangeFeedFormat.Head))
        {
            throw new InvalidDataException("the metadata feed does not start with its head (NMF1)");
        }
        var schema = BinaryPrimitives.ReadInt32LittleEndian(_scratch.AsSpan(4));
        if (schema != MetadataDatabase.SchemaVersion)
        {
            throw new InvalidDataException($"the metadata node writes schema version {schema}, this node reads {MetadataDatabase.SchemaVersion}: run the same Nimbus version on every storage node");
        }
        var log = BinaryPrimitives.ReadInt64LittleEndian(_scratch.AsSpan(8));
        var reset = _scratch[16] == 1;
        var follows = Position().Log;
        if (!reset && follows != 0 && follows != log)
        {
            throw new InvalidDataException($"the metadata feed continues log {log}, but this copy follows log {follows}: it must start over");
        }
        var rows = 0L;
        var bucketsChanged = reset;
        _commands.Execute("BEGIN IMMEDIATE");
        try
        {
            if (reset)
            {
                foreach (var table in ChangeLog.Tables)
                {
                    _commands.Execute($"DELETE FROM {table.Name}");
                }
            }
            while (true)
            {
                await ReadAsync(1, ct).ConfigureAwait(false);
                var code = _scratch[0];
                if (code == 0)
                {
                    break;
                }
                var table = ChangeLog.Table(code) ?? throw new InvalidDataException($"the metadata feed names unknown table {code}");
                await ReadAsync(17, ct).ConfigureAwait(false);
                var k1 = BinaryPrimitives.ReadInt64LittleEndian(_scratch);
                var k2 = BinaryPrimitives.ReadInt64LittleEndian(_scratch.AsSpan(8));
                if (_scratch[16] == 1)
                {
                    await ApplyRowAsync(table, ct).ConfigureAwait(false);
                }
                else
                {
                    _commands.Get($"DELETE FROM {table.Name} WHERE {table.KeyFilter}").Bind("$k1", k1).Bind("$k2", k2).ExecuteNonQuery();
                }
                bucketsChanged |= table.Name == "buckets";
                rows++;
            }
            await ReadAsync(12, ct).ConfigureAwait(false);
            var upTo = BinaryPrimitives.ReadInt64LittleEndian(_scratch);
            if (!_scratch.AsSpan(8, 4).SequenceEqual(ChangeFeedFormat.Tail))
            {
                throw new InvalidDataException("the metadata feed does not end with its tail (END1)");
            }
            _commands.Get("INSERT OR REPLACE INTO meta(name, value) VALUES ('follows', $log), ('applied', $seq)").Bind("$log", log).Bind("$seq", upTo).ExecuteNonQuery();
            _commands.Execute("COMMIT");
            return new FeedResult(log, upTo, rows, reset, bucketsChanged);
        }
        catch
        {
            _commands.RollbackIfOpen();
            throw;
        }
        finally
        {
            _input = Stream.Null;
        }
    }

    private async Task ApplyRowAsync(LoggedTable table, CancellationToken ct)
    {
        await ReadAsync(1, ct).ConfigureAwait(false);
        var count = _scratch[0];
        if (count != _columns[table.Code])
        {
            throw new InvalidDataException($"the metadata feed sends {count} columns of {table.Name}, this node's table has {_columns[table.Code]}");
        }
        var insert = _commands.Get($"INSERT OR REPLACE INTO {table.Name} VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => "$p" + i))})");
        for (var i = 0; i < count; i++)
        {
            insert.Bind(ParameterNames[i], await ReadValueAsync(ct).ConfigureAwait(false));
        }
        insert.ExecuteNonQuery();
    }

    private static readonly string[] ParameterNames = Enumerable.Range(0, ChangeFeedFormat.MaxColumns).Select(i => "$p" + i).ToArray();

    private async Task<object?> ReadValueAsync(CancellationToken ct)
    {
        await ReadAsync(1, ct).ConfigureAwait(false);
        var type = _scratch[0];
        switch (type)
        {
            case ChangeFeedFormat.Null:
                return null;
            case ChangeFeedFormat.Integer:
                await ReadAsync(8, ct).ConfigureAwait(false);
                return BinaryPrimitives.ReadInt64LittleEndian(_scratch);
            case ChangeFeedFormat.Text or ChangeFeedFormat.Blob:
                await ReadAsync(4, ct).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadInt32LittleEndian(_scratch);
                if (length is < 0 or > ChangeFeedFormat.MaxValueBytes)
                {
                    throw new InvalidDataException($"the metadata feed sends a value of {length} bytes (at most {ChangeFeedFormat.MaxValueBytes})");
                }
                var bytes = new byte[length];
                await ReadAsync(bytes, ct).ConfigureAwait(false);
                return type == ChangeFeedFormat.Text ? Encoding.UTF8.GetString(bytes) : bytes;
            default:
                throw new InvalidDataException($"the metadata feed sends value type {type}");
        }
    }

    private ValueTask ReadAsync(int count, CancellationToken ct) => ReadAsync(_scratch.AsMemory(0, count), ct);

    private async ValueTask ReadAsync(Memory<byte> into, CancellationToken ct)
    {
        try
        {
            await _input.ReadExactlyAsync(into, ct).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the metadata feed was cut off before its tail; nothing of it was applied");
        }
    }
}

/// <summary>What one feed did: the log and seq the copy now stands at, rows written or deleted, and whether it started over.</summary>
internal readonly record struct FeedResult(long Log, long Seq, long Rows, bool Reset, bool BucketsChanged);
