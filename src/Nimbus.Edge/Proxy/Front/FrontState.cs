namespace Nimbus.Edge.Proxy.Front;

internal enum FrontState
{
    Idle,
    Head,
    Busy,
    Closed,
}
