using Swarm.Agent.Certificates;
using Swarm.Api.Objects;

namespace Swarm.Cli.Daemon.Cluster;

internal sealed partial class SwarmMode
{
    private int roleChangeRunning;

    /// <summary>
    /// On every heartbeat: keeps the managers the agent learned (so a restarted node finds the swarm even if the
    /// manager it joined through is gone), and acts on the role the managers report.
    /// </summary>
    private void OnHeartbeat(NodeRole reported)
    {
        RememberManagers();
        OnRoleReported(reported);
    }

    private void RememberManagers()
    {
        if (membership is not { } node || agent?.Agent.KnownManagers is not { Count: > 0 } known
            || known.ToHashSet().SetEquals(node.Managers) || !changing.Wait(0))
            return;
        try
        {
            if (membership is { } current && ReferenceEquals(current, node))
            {
                var updated = node with { Managers = [.. known] };
                updated.Save(paths);
                membership = updated;
            }
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>
    /// Called with the role the managers report on every heartbeat. A new role means this node was promoted (the
    /// role manager recorded it) or demoted (the role manager already took it out of the Raft cluster): renew the
    /// certificate for it, then start or stop the manager half. One change at a time; a failed one is retried at
    /// the next heartbeat.
    /// </summary>
    private void OnRoleReported(NodeRole reported)
    {
        if (membership is not { } node || node.Role == reported || Interlocked.Exchange(ref roleChangeRunning, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await ChangeRoleAsync(reported);
            }
            catch (Exception e)
            {
                LogRoleChangeFailed(e, reported);
            }
            finally
            {
                Volatile.Write(ref roleChangeRunning, 0);
            }
        });
    }

    private async Task ChangeRoleAsync(NodeRole role)
    {
        using var patience = new CancellationTokenSource(StartPatience);
        await changing.WaitAsync(patience.Token);
        try
        {
            if (membership is not { } node || node.Role == role || certificates is null)
                return;
            var issued = await NodeCaClient.RenewAsync(node.Managers, certificates.Certificate, certificates.RootCa, patience.Token);
            if (issued.Role != role)
                return; // the store moved on again; the next heartbeat says where to
            certificates.Replace(issued);
            var changed = node with { Role = role };
            if (role == NodeRole.Manager)
            {
                await JoinRaftAsync(changed, patience.Token);
            }
            else
            {
                await StopManagerAsync();
                DeleteRaftState();
            }
            changed.Save(paths);
            membership = changed;
            // The agent keeps its session; it presents the renewed certificate from its next one.
            LogRoleChanged(node.NodeId, role);
        }
        finally
        {
            changing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {NodeId} is now a {Role}")]
    private partial void LogRoleChanged(string nodeId, NodeRole role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not become a {Role}; retrying at the next heartbeat")]
    private partial void LogRoleChangeFailed(Exception error, NodeRole role);
}
