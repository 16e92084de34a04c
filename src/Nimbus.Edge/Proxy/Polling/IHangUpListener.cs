namespace Nimbus.Edge.Proxy.Polling;

/// <summary>Wants to know when a polled socket's peer goes away (see <see cref="PolledSocket.HangUp"/>).</summary>
internal interface IHangUpListener
{
    /// <summary>On the poller's thread: keep it short, never block.</summary>
    void HungUp();
}
