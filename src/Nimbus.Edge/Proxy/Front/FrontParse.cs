namespace Nimbus.Edge.Proxy.Front;

internal enum FrontParse
{
    /// <summary>The head has not fully arrived.</summary>
    Incomplete,
    /// <summary>A request the front forwards itself.</summary>
    Plain,
    /// <summary>Anything else: Kestrel takes the connection from here.</summary>
    Other,
}
