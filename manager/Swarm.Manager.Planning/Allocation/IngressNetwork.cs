using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Allocation;

/// <summary>The routing-mesh network every swarm gets at init; its subnet comes from the default pool like any other.</summary>
public static class IngressNetwork
{
    public const string Name = "ingress";

    public static Network New(string id) => new()
    {
        Id = id,
        Spec = new NetworkSpec
        {
            Name = Name,
            Driver = "overlay",
            Ingress = true,
            Labels = new Dictionary<string, string> { ["com.docker.swarm.internal"] = "true" },
        },
    };
}
