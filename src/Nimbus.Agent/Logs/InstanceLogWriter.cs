using System.Text;

namespace Nimbus.Agent.Logs;

/// <summary>
/// Appends an instance's output to <c>&lt;LogDirectory&gt;/&lt;instanceId&gt;.log</c>, rotating to <c>.1</c>, <c>.2</c>, …
/// when the file would exceed <see cref="MaxBytes"/>. Thread-safe; every call is flushed before it returns, so a
/// follower sees it on its next poll.
/// </summary>
public sealed class InstanceLogWriter : IDisposable
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    public const int DefaultKeepFiles = 2;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private FileStream? _file;
    private bool _disposed;

    public InstanceLogWriter(string logDirectory, string instanceId, long maxBytes = DefaultMaxBytes,
        int keepFiles = DefaultKeepFiles, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfNegative(keepFiles);
        LogDirectory = logDirectory;
        InstanceId = instanceId;
        MaxBytes = maxBytes;
        KeepFiles = keepFiles;
        _time = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(logDirectory);
    }

    public string LogDirectory { get; }

    public string InstanceId { get; }

    public long MaxBytes { get; }

    /// <summary>Rotated files kept besides the current one.</summary>
    public int KeepFiles { get; }

    public string FilePath => LogFormat.FilePath(LogDirectory, InstanceId);

    /// <summary>Appends <paramref name="text"/> (split at newlines and at 16 KiB) on <paramref name="stream"/> ("out" or "err").</summary>
    public void Write(string stream, string text) => WriteLines(stream, [text]);

    /// <summary>Appends a batch of lines with one timestamp and one flush.</summary>
    public void WriteLines(string stream, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            foreach (var part in LogFormat.Split(line))
            {
                builder.Append(LogFormat.Format(now, stream, part));
            }
        }

        var bytes = Utf8.GetBytes(builder.ToString());
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var file = _file ??= Open();
            if (file.Length > 0 && file.Length + bytes.Length > MaxBytes)
            {
                Rotate();
                file = _file = Open();
            }

            file.Write(bytes);
            file.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _file?.Dispose();
            _file = null;
        }
    }

    private FileStream Open() =>
        new(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    private void Rotate()
    {
        _file?.Dispose();
        _file = null;
        if (KeepFiles == 0)
        {
            File.Delete(FilePath);
            return;
        }

        File.Delete(LogFormat.RotatedPath(LogDirectory, InstanceId, KeepFiles));
        for (var generation = KeepFiles - 1; generation >= 1; generation--)
        {
            var from = LogFormat.RotatedPath(LogDirectory, InstanceId, generation);
            if (File.Exists(from))
            {
                File.Move(from, LogFormat.RotatedPath(LogDirectory, InstanceId, generation + 1), overwrite: true);
            }
        }

        File.Move(FilePath, LogFormat.RotatedPath(LogDirectory, InstanceId, 1), overwrite: true);
    }
}
