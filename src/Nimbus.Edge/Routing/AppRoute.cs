using System.Buffers;
using Nimbus.Api.Resources;
using Nimbus.Edge.LoadBalancing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Routing;

/// <summary>Where one app's traffic goes, as of one routing snapshot: its ready instances and its edge settings.
/// Immutable except for the load-balancing cursor. <paramref name="coldStart"/>: the app scales to zero, so a request
/// that finds no instance waits for one (<see cref="Proxy.ColdStarts"/>) instead of getting a 503 at once.</summary>
internal sealed class AppRoute(string app, EdgeSettings settings, Destination[] destinations, ILoadBalancingPolicy policy, AppTrafficCounters traffic,
    bool coldStart = false)
{
    private int _turn;

    public string App { get; } = app;
    public EdgeSettings Settings { get; } = settings;
    /// <summary>Ready instances that are not leaving, in a stable order.</summary>
    public Destination[] Destinations { get; } = destinations;
    public ILoadBalancingPolicy Policy { get; } = policy;
    public AppTrafficCounters Traffic { get; } = traffic;
    public bool ColdStart { get; } = coldStart;

    /// <summary>No instance now, and the app starts one on demand.</summary>
    public bool WaitsForColdStart => ColdStart && Destinations.Length == 0;

    public int NextTurn() => Interlocked.Increment(ref _turn);

    /// <summary>A destination for the next attempt, skipping ejected instances and <paramref name="exclude"/> (the one
    /// that just failed). When every other instance is ejected they are all tried anyway: an app whose instances all
    /// look unhealthy gets its traffic rather than none. Null when there is nothing but <paramref name="exclude"/>.</summary>
    public Destination? Pick(long now, Destination? exclude) => Pick(now, exclude, out _);

    /// <summary>As <see cref="Pick(long, Destination?)"/>, saying in <c>note</c> what the choice was made among (for
    /// the request's trace).</summary>
    public Destination? Pick(long now, Destination? exclude, out PickNote note)
    {
        note = default;
        var all = Destinations;
        var usable = 0;
        var others = 0;
        foreach (var d in all)
        {
            if (d == exclude)
            {
                continue;
            }
            others++;
            if (!d.Health.IsEjected(now))
            {
                usable++;
            }
        }
        if (others == 0)
        {
            return null;
        }
        note.Retry = exclude is not null;
        Destination chosen;
        if (usable == all.Length)
        {
            note.Candidates = all.Length;
            chosen = Policy.Pick(this, all, out note.RivalLoad);
            note.ChosenLoad = chosen.InFlight;
            return chosen;
        }
        var panic = usable == 0;
        note.Panic = panic;
        note.Ejected = others - usable;
        var rented = ArrayPool<Destination>.Shared.Rent(panic ? others : usable);
        try
        {
            var n = 0;
            foreach (var d in all)
            {
                if (d != exclude && (panic || !d.Health.IsEjected(now)))
                {
                    rented[n++] = d;
                }
            }
            note.Candidates = n;
            chosen = Policy.Pick(this, rented.AsSpan(0, n), out note.RivalLoad);
            note.ChosenLoad = chosen.InFlight;
            return chosen;
        }
        finally
        {
            ArrayPool<Destination>.Shared.Return(rented, clearArray: true);
        }
    }
}
