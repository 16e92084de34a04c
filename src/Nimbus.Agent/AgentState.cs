namespace Nimbus.Agent;

/// <summary>Who this agent is and where its own endpoint listens (known once Kestrel has bound).</summary>
internal sealed class AgentState(string agentId, string nodeName)
{
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string AgentId { get; } = agentId;
    public string NodeName { get; } = nodeName;
    private readonly TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Address { get; private set; } = "";
    public Task Registered => _registered.Task;

    /// <summary>Completes once the agent's endpoint is listening and <see cref="Address"/> is known.</summary>
    public Task Bound => _bound.Task;

    public void MarkBound(string address)
    {
        Address = address;
        _bound.TrySetResult();
    }

    public void MarkRegistered() => _registered.TrySetResult();
}
