using System.Diagnostics;
using System.Globalization;

namespace Nimbus.Bench.S3Load;

/// <summary>CPU used during exactly the measured phase, in % of one core: by the server process (<c>--server-pid</c>),
/// to tell how close it was to its own limit, and by this client, to tell when the client was the limit.</summary>
internal sealed class CpuMeter
{
    // /proc reports in USER_HZ, which the kernel fixes at 100 for user space on every architecture Nimbus runs on.
    private const double TicksPerSecond = 100;

    private readonly int? _pid;
    private long _serverTicks;
    private TimeSpan _client;
    private long _start;

    public CpuMeter(int? serverPid) => _pid = serverPid;

    public void Start()
    {
        _serverTicks = ReadServer();
        _client = Process.GetCurrentProcess().TotalProcessorTime;
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>% of one core since <see cref="Start"/>; the server's is null without a pid or when it is gone.</summary>
    public (double? Server, double Client) Stop()
    {
        var seconds = Math.Max(Stopwatch.GetElapsedTime(_start).TotalSeconds, 1e-9);
        var client = (Process.GetCurrentProcess().TotalProcessorTime - _client).TotalSeconds / seconds * 100;
        var ticks = ReadServer();
        double? server = ticks < 0 || _serverTicks < 0 ? null : (ticks - _serverTicks) / TicksPerSecond / seconds * 100;
        return (server, client);
    }

    /// <summary>utime + stime of the server process (all its threads), or -1.</summary>
    private long ReadServer()
    {
        if (_pid is null)
        {
            return -1;
        }
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{_pid}/stat");
        }
        catch (IOException)
        {
            return -1;
        }
        // The command name (field 2) may hold spaces: count fields from the ')' that closes it.
        var rest = stat.AsSpan(stat.LastIndexOf(')') + 2);
        Span<Range> fields = stackalloc Range[16];
        var n = rest.Split(fields, ' ');
        if (n < 14)
        {
            return -1;
        }
        // rest starts at field 3 (state): utime is field 14, stime field 15.
        return long.Parse(rest[fields[11]], CultureInfo.InvariantCulture) + long.Parse(rest[fields[12]], CultureInfo.InvariantCulture);
    }
}
