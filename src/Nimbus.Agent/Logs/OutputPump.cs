using System.Text;

namespace Nimbus.Agent.Logs;

/// <summary>
/// Copies a child's stdout or stderr into the instance log line by line. Lines longer than 16 KiB are cut so an
/// app printing without newlines cannot grow the agent's memory.
/// </summary>
internal static class OutputPump
{
    public static async Task RunAsync(Stream source, string streamName, InstanceLogWriter? log,
        Action<string, string>? onLine)
    {
        var decoder = new UTF8Encoding(false).GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        var batch = new List<string>();
        try
        {
            int read;
            while ((read = await source.ReadAsync(bytes).ConfigureAwait(false)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0);
                for (var i = 0; i < count; i++)
                {
                    var c = chars[i];
                    if (c == '\n')
                    {
                        Complete(line, batch);
                    }
                    else
                    {
                        line.Append(c);
                        if (line.Length >= LogFormat.MaxLineChars)
                        {
                            Complete(line, batch);
                        }
                    }
                }

                Emit(streamName, log, onLine, batch);
            }
        }
        catch (IOException)
        {
            // The pipe broke: the process is gone. Keep what was read.
        }
        catch (ObjectDisposedException)
        {
        }

        if (line.Length > 0)
        {
            Complete(line, batch);
        }

        Emit(streamName, log, onLine, batch);
    }

    private static void Complete(StringBuilder line, List<string> batch)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }

        batch.Add(line.ToString());
        line.Clear();
    }

    private static void Emit(string streamName, InstanceLogWriter? log, Action<string, string>? onLine, List<string> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            log?.WriteLines(streamName, batch);
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or UnauthorizedAccessException)
        {
            // Log closed under a stray writer, or the disk is full: drop lines rather than stop draining the pipe,
            // which would block the app on its next write.
        }

        if (onLine is not null)
        {
            foreach (var text in batch)
            {
                onLine(streamName, text);
            }
        }

        batch.Clear();
    }
}
