namespace Nimbus.ControlPlane.Controllers;

/// <summary>A reconcile loop: compares spec with status in a fresh snapshot and acts until they agree.
/// Must be idempotent — it runs after every change and on a timer, and must write nothing when all agree.</summary>
public interface IController
{
    string Name { get; }

    ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken);
}
