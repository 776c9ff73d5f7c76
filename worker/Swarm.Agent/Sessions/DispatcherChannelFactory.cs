using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Swarm.Api.Dispatch;

namespace Swarm.Agent.Sessions;

/// <summary>
/// gRPC channels to managers' dispatchers over mutual TLS: the agent shows its node certificate and trusts a
/// manager only if the manager's certificate chains to the cluster's root CA (no system roots) and says it is a
/// manager. Host names are not checked: managers are found by address, and identity is the certificate's role.
/// </summary>
internal sealed class DispatcherChannelFactory(X509Certificate2 nodeCertificate, X509Certificate2 rootCa)
{
    public GrpcChannel Create(string address)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [nodeCertificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => nodeCertificate,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => NodeCertificate.IsTrusted(
                    certificate, rootCa, NodeCertificate.ServerAuth, DispatchProtocol.ManagerRole),
            },
            ConnectTimeout = TimeSpan.FromSeconds(5),
            // Notice a manager that vanished without closing the connection, even between heartbeats.
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
        };
        return GrpcChannel.ForAddress($"https://{address}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
        });
    }
}
