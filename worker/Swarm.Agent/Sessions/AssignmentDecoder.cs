using Swarm.Agent.Tasks;
using Swarm.Api.Dispatch;
using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Agent.Sessions;

/// <summary>Turns an assignments message (envelopes around MessagePack records) into an <see cref="AssignmentBatch"/>.</summary>
internal static class AssignmentDecoder
{
    public static AssignmentBatch Decode(AssignmentsMessage message)
    {
        var batch = new AssignmentBatch { Complete = message.Type == AssignmentsMessage.Types.Type.Complete };
        foreach (var change in message.Changes)
        {
            var update = change.Action == AssignmentChange.Types.Action.Update;
            switch (change.Kind)
            {
                case AssignmentChange.Types.Kind.Task when update:
                    batch.Tasks.Add(DispatchPayload.Decode<SwarmTask>(change.Payload));
                    break;
                case AssignmentChange.Types.Kind.Task:
                    batch.RemovedTasks.Add(change.Id);
                    break;
                case AssignmentChange.Types.Kind.Secret when update:
                    batch.Secrets.Add(DispatchPayload.Decode<Secret>(change.Payload));
                    break;
                case AssignmentChange.Types.Kind.Secret:
                    batch.RemovedSecrets.Add(change.Id);
                    break;
                case AssignmentChange.Types.Kind.Config when update:
                    batch.Configs.Add(DispatchPayload.Decode<Config>(change.Payload));
                    break;
                case AssignmentChange.Types.Kind.Config:
                    batch.RemovedConfigs.Add(change.Id);
                    break;
                case AssignmentChange.Types.Kind.Network when update:
                    batch.Networks.Add(DispatchPayload.Decode<Network>(change.Payload));
                    break;
                case AssignmentChange.Types.Kind.Network:
                    batch.RemovedNetworks.Add(change.Id);
                    break;
                case AssignmentChange.Types.Kind.NetworkPeers:
                    // For the overlay driver's forwarding tables; the agent has no network driver to hand them to yet.
                    break;
                default:
                    throw new InvalidSpecException($"unknown assignment kind {change.Kind}");
            }
        }
        return batch;
    }
}
