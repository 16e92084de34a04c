using System.Diagnostics;
using System.Globalization;

namespace Nimbus.Bench.S3Load;

/// <summary>The CPU a server process (<c>--server-pid</c>) spends during exactly the measured phase, as a % of one
/// core: how close the server was to its own limit, as opposed to the client's or the disk's.</summary>
internal sealed class ServerCpu
{
    // /proc reports in USER_HZ, which the kernel fixes at 100 for user space on every architecture Nimbus runs on.
    private const double TicksPerSecond = 100;

    private readonly int? _pid;
    private long _ticks;
    private long _start;

    public ServerCpu(int? pid) => _pid = pid;

    public void Start()
    {
        _ticks = Read();
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>% of one core since <see cref="Start"/>; null without a pid or when the process is gone.</summary>
    public double? Stop()
    {
        if (_pid is null)
        {
            return null;
        }
        var ticks = Read();
        var seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        return ticks < 0 || _ticks < 0 || seconds <= 0 ? null : (ticks - _ticks) / TicksPerSecond / seconds * 100;
    }

    /// <summary>utime + stime of the process (all its threads), or -1.</summary>
    private long Read()
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
