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
        // A service with neither published ports nor networks has nothing to allocate: no endpoint and an empty one
        // are the same, so such a service is not rewritten (its version stays what its creator read, as in SwarmKit).
        if (a is null || b is null)
            return IsEmpty(a) && IsEmpty(b);
        return a.Spec.Mode == b.Spec.Mode
               && a.Spec.Ports.SequenceEqual(b.Spec.Ports)
               && a.Ports.SequenceEqual(b.Ports)
               && a.VirtualIps.SequenceEqual(b.VirtualIps);
    }

    private static bool IsEmpty(ServiceEndpoint? endpoint)
        => endpoint is null || (endpoint.Spec.Ports.Count == 0 && endpoint.Ports.Count == 0 && endpoint.VirtualIps.Count == 0);
}
