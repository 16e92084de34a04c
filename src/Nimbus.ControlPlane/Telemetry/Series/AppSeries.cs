namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>One app's history: one-second samples for the recent window, ten-second means beyond it.</summary>
internal sealed class AppSeries
{
    public static readonly TimeSpan FineWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan CoarseStep = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Retention = TimeSpan.FromHours(6);

    private readonly SampleRing _fine = new((int)FineWindow.TotalSeconds);
    private readonly SampleRing _coarse = new((int)(Retention / CoarseStep));
    private readonly List<AppSample> _pending = [];

    public void Add(AppSample sample)
    {
        _fine.Add(sample);
        _pending.Add(sample);
        if (_pending.Count >= (int)CoarseStep.TotalSeconds)
        {
            _coarse.Add(AppSample.Mean(_pending.ToArray()));
            _pending.Clear();
        }
    }

    /// <summary>Samples since a time: one-second ones when that is inside the recent window, ten-second means otherwise.</summary>
    public (List<AppSample> Samples, TimeSpan Step) Since(DateTimeOffset since, DateTimeOffset now) =>
        now - since <= FineWindow ? (_fine.Since(since), TimeSpan.FromSeconds(1)) : (_coarse.Since(since), CoarseStep);

    public AppSample[] Last(int count) => _fine.Last(count);
}
