using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nimbus.Api.Manifests;

/// <summary>Remembers where the last parsed YAML event ended, so an error YamlDotNet reports without a
/// position (it throws InvalidOperationException on some malformed flow collections) can still be placed.</summary>
internal sealed class TrackingParser : IParser
{
    private readonly IParser _inner;

    public TrackingParser(IParser inner) => _inner = inner;

    public Mark LastGood { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => _inner.Current;

    public bool MoveNext()
    {
        if (_inner.Current is { } current)
        {
            LastGood = current.End;
        }
        return _inner.MoveNext();
    }
}
