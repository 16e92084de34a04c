using System.Text;

namespace Nimbus.Agent.Logs;

/// <summary>
/// An open log file read forward in complete lines. Keeps the handle across the writer's renames, so it can finish
/// the old file and then tell that the path now names a new one.
/// </summary>
internal sealed class LogFileCursor : IDisposable
{
    private readonly FileStream _stream;
    private readonly string? _openedAs;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly MemoryStream _partial = new();

    private LogFileCursor(FileStream stream)
    {
        _stream = stream;
        _openedAs = CurrentName();
    }

    public static LogFileCursor? TryOpen(string path)
    {
        try
        {
            return new LogFileCursor(new FileStream(path, FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, useAsync: false));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Where the open file lives now (it moves when rotated), or null when /proc cannot say.</summary>
    public string? CurrentName()
    {
        try
        {
            var fd = _stream.SafeFileHandle.DangerousGetHandle().ToInt64();
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when the path this cursor was opened from now names another file (or none).</summary>
    public bool IsRotatedAway(string path)
    {
        if (_openedAs is not null && CurrentName() is { } now)
        {
            return now != _openedAs;
        }

        // No /proc: a shorter file at the path than what was read must be a new one.
        var info = new FileInfo(path);
        return !info.Exists || info.Length < _stream.Position;
    }

    /// <summary>Reads to the end of the file, adding every complete line; a trailing partial line waits for the next call.</summary>
    public async Task ReadAvailableAsync(List<string> lines, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (_buffer[i] != (byte)'\n')
                {
                    continue;
                }

                if (_partial.Length > 0)
                {
                    _partial.Write(_buffer, start, i - start);
                    lines.Add(Encoding.UTF8.GetString(_partial.GetBuffer(), 0, (int)_partial.Length));
                    _partial.SetLength(0);
                }
                else
                {
                    lines.Add(Encoding.UTF8.GetString(_buffer, start, i - start));
                }

                start = i + 1;
            }

            _partial.Write(_buffer, start, read - start);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _partial.Dispose();
    }
}
