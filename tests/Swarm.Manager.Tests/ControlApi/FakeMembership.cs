using Swarm.Api.EngineApi;
using Swarm.Manager.ControlApi;

namespace Swarm.Manager.Tests.ControlApi;

internal sealed class FakeMembership : ISwarmMembership
{
    public List<string> Calls { get; } = [];

    /// <summary>Runs on init, so a test can make the local node an active manager as a real init would.</summary>
    public Action? OnInit { get; set; }

    public string InitNodeId { get; set; } = "newnodeid";

    public Task<string> InitAsync(SwarmInitRequest request, CancellationToken cancellationToken)
    {
        Calls.Add($"init {request.AdvertiseAddr}");
        OnInit?.Invoke();
        return Task.FromResult(InitNodeId);
    }

    public Task JoinAsync(SwarmJoinRequest request, CancellationToken cancellationToken)
    {
        Calls.Add($"join {request.JoinToken} {string.Join(",", request.RemoteAddrs)}");
        return Task.CompletedTask;
    }

    public Task LeaveAsync(bool force, CancellationToken cancellationToken)
    {
        Calls.Add($"leave force={force}");
        return Task.CompletedTask;
    }

    public Task<string> GetUnlockKeyAsync(CancellationToken cancellationToken) => Task.FromResult("SWMKEY-1-test");

    public Task RotateUnlockKeyAsync(CancellationToken cancellationToken)
    {
        Calls.Add("rotate-unlock-key");
        return Task.CompletedTask;
    }

    public Task UnlockAsync(string unlockKey, CancellationToken cancellationToken)
    {
        Calls.Add($"unlock {unlockKey}");
        return Task.CompletedTask;
    }
}
