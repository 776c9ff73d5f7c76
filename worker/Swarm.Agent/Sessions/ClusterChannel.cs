using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Swarm.Agent.Sessions;

/// <summary>
/// A gRPC channel to a manager's port 2377 over TLS: with the node's certificate when it has one (a joining node
/// has none yet), trusting the server only as <paramref name="trustServer"/> says. Host names are not checked:
/// managers are found by address, and identity is what the certificate says.
/// </summary>
public static class ClusterChannel
{
    public static GrpcChannel Create(string address, X509Certificate2? certificate, Func<X509Certificate?, bool> trustServer)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificates = certificate is null ? null : [certificate],
                LocalCertificateSelectionCallback = certificate is null ? null : (_, _, _, _, _) => certificate,
                RemoteCertificateValidationCallback = (_, presented, _, _) => trustServer(presented),
            },
            ConnectTimeout = TimeSpan.FromSeconds(5),
            // Notice a manager that vanished without closing the connection, even between heartbeats.
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
        };
        return GrpcChannel.ForAddress($"https://{address}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>Trusts a server whose certificate chains to <paramref name="rootCa"/> and names a manager.</summary>
    public static Func<X509Certificate?, bool> ManagerOf(X509Certificate2 rootCa)
        => presented => Swarm.Api.Dispatch.NodeCertificate.IsTrusted(
            presented, rootCa, Swarm.Api.Dispatch.NodeCertificate.ServerAuth, Swarm.Api.Dispatch.DispatchProtocol.ManagerRole);
}
