using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Swarm.Agent.Sessions;

/// <summary>
/// gRPC channels to managers' dispatchers over mutual TLS: the agent shows its node certificate and trusts a
/// manager only if the manager's certificate chains to the cluster's root CA (no system roots) and says it is a
/// manager.
/// </summary>
internal sealed class DispatcherChannelFactory(Func<X509Certificate2> nodeCertificate, X509Certificate2 rootCa)
{
    private readonly Func<X509Certificate?, bool> trustManager = ClusterChannel.ManagerOf(rootCa);

    public GrpcChannel Create(string address) => ClusterChannel.Create(address, nodeCertificate(), trustManager);
}
