using Microsoft.Extensions.Primitives;

namespace Nimbus.Edge.Cache;

/// <summary>
/// The Cache-Control directives of a request or response (RFC 9111 section 5.2), parsed from the raw field value
/// without allocating. Unknown directives are ignored; the first occurrence of a repeated directive wins.
/// </summary>
internal readonly struct CacheControlDirectives
{
    /// <summary>Delta-seconds at or above 2^31 mean "infinity" (RFC 9111 1.2.2).</summary>
    private const long MaxDeltaSeconds = int.MaxValue;

    public CacheControlFlags Flags { get; init; }

    public TimeSpan? MaxAge { get; init; }

    public TimeSpan? SharedMaxAge { get; init; }

    public TimeSpan? MinFresh { get; init; }

    /// <summary><see cref="TimeSpan.MaxValue"/> when <c>max-stale</c> has no value (any staleness is acceptable).</summary>
    public TimeSpan? MaxStale { get; init; }

    public bool Has(CacheControlFlags flag) => (Flags & flag) != 0;

    public static CacheControlDirectives Parse(StringValues values)
    {
        if (values.Count <= 1)
        {
            return Parse(values.ToString().AsSpan());
        }

        // Several field lines are one comma-separated list (RFC 9110 5.3); parse them in order, first one wins.
        var result = default(CacheControlDirectives);
        foreach (var value in values)
        {
            result = Merge(result, Parse(value.AsSpan()));
        }

        return result;
    }

    public static CacheControlDirectives Parse(ReadOnlySpan<char> value)
    {
        var flags = CacheControlFlags.None;
        TimeSpan? maxAge = null, sharedMaxAge = null, minFresh = null, maxStale = null;
        var rest = value;
        while (!rest.IsEmpty)
        {
            rest = rest.TrimStart(" \t,");
            if (rest.IsEmpty)
            {
                break;
            }

            var nameEnd = rest.IndexOfAny('=', ',');
            if (nameEnd < 0)
            {
                nameEnd = rest.Length;
            }

            var name = rest[..nameEnd].Trim(" \t");
            rest = rest[nameEnd..];
            ReadOnlySpan<char> argument = default;
            var hasArgument = false;
            if (!rest.IsEmpty && rest[0] == '=')
            {
                hasArgument = true;
                rest = rest[1..].TrimStart(" \t");
                argument = ReadArgument(ref rest);
            }

            if (name.Equals("no-store", StringComparison.OrdinalIgnoreCase))
            {
                flags |= CacheControlFlags.NoStore;
            }
            else if (name.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
            {
                flags |= CacheControlFlags.NoCache;
            }
            else if (name.Equals("private", StringComparison.OrdinalIgnoreCase))
            {
                flags |= CacheControlFlags.Private;
            }
            else if (name.Equals("public", StringComparison.OrdinalIgnoreCase))
            {
                flags |= CacheControlFlags.Public;
            }
            else if (name.Equals("must-revalidate", StringComparison.OrdinalIgnoreCase))
            {
                flags |= CacheControlFlags.MustRevalidate;
            }
            else if (name.Equals("proxy-revalidate", StringComparison.OrdinalIgnoreCase))
            {
                flags |= CacheControlFlags.ProxyRevalidate;
            }
            else if (name.Equals("only-if-cached", StringComparison.OrdinalIgnoreCase))
            {
                flags |= CacheControlFlags.OnlyIfCached;
            }
            else if (name.Equals("max-age", StringComparison.OrdinalIgnoreCase))
            {
                maxAge ??= DeltaSeconds(argument);
            }
            else if (name.Equals("s-maxage", StringComparison.OrdinalIgnoreCase))
            {
                sharedMaxAge ??= DeltaSeconds(argument);
            }
            else if (name.Equals("min-fresh", StringComparison.OrdinalIgnoreCase))
            {
                minFresh ??= DeltaSeconds(argument);
            }
            else if (name.Equals("max-stale", StringComparison.OrdinalIgnoreCase))
            {
                maxStale ??= hasArgument ? DeltaSeconds(argument) : TimeSpan.MaxValue;
            }
        }

        return new CacheControlDirectives
        {
            Flags = flags,
            MaxAge = maxAge,
            SharedMaxAge = sharedMaxAge,
            MinFresh = minFresh,
            MaxStale = maxStale,
        };
    }

    private static CacheControlDirectives Merge(CacheControlDirectives first, CacheControlDirectives next) => new()
    {
        Flags = first.Flags | next.Flags,
        MaxAge = first.MaxAge ?? next.MaxAge,
        SharedMaxAge = first.SharedMaxAge ?? next.SharedMaxAge,
        MinFresh = first.MinFresh ?? next.MinFresh,
        MaxStale = first.MaxStale ?? next.MaxStale,
    };

    /// <summary>Reads a token or a quoted-string (whose commas do not end the directive) and leaves the rest.</summary>
    private static ReadOnlySpan<char> ReadArgument(scoped ref ReadOnlySpan<char> rest)
    {
        if (!rest.IsEmpty && rest[0] == '"')
        {
            var i = 1;
            while (i < rest.Length && rest[i] != '"')
            {
                i += rest[i] == '\\' ? 2 : 1;
            }

            var quoted = rest[1..Math.Min(i, rest.Length)];
            rest = i < rest.Length ? rest[(i + 1)..] : default;
            var comma = rest.IndexOf(',');
            rest = comma < 0 ? default : rest[comma..];
            return quoted;
        }

        var end = rest.IndexOf(',');
        var token = end < 0 ? rest : rest[..end];
        rest = end < 0 ? default : rest[end..];
        return token.Trim(" \t");
    }

    /// <summary>
    /// Parses delta-seconds. An invalid value yields zero: RFC 9111 4.2.1 says a cache should then consider the
    /// response stale, and for a request it means "revalidate", the conservative reading.
    /// </summary>
    private static TimeSpan DeltaSeconds(ReadOnlySpan<char> argument)
    {
        if (argument.IsEmpty)
        {
            return TimeSpan.Zero;
        }

        long seconds = 0;
        foreach (var c in argument)
        {
            if (c is < '0' or > '9')
            {
                return TimeSpan.Zero;
            }

            seconds = Math.Min(MaxDeltaSeconds, (seconds * 10) + (c - '0'));
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
