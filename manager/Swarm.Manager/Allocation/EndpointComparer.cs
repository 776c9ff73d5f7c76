using Swarm.Api.Objects;

namespace Swarm.Manager.Allocation;

/// <summary>
/// Whether two service endpoints hold the same allocation. Records compare lists by reference, so the lists are
/// compared item by item here; an unchanged endpoint is not written again.
/// </summary>
internal static class EndpointComparer
{
    public static bool Same(ServiceEndpoint? a, ServiceEndpoint? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        return a.Spec.Mode == b.Spec.Mode
               && a.Spec.Ports.SequenceEqual(b.Spec.Ports)
               && a.Ports.SequenceEqual(b.Ports)
               && a.VirtualIps.SequenceEqual(b.VirtualIps);
    }
}
