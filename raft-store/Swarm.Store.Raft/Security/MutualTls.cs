using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DotNext.Net.Security;
using Swarm.Api.Dispatch;

namespace Swarm.Store.Raft.Security;

/// <summary>
/// TLS for Raft traffic: both ends present a certificate and accept only managers of our CA. Peers are checked by
/// chain and role, not host name, so no TargetHost is needed. Certificates are selected per connection, so a
/// renewed one takes effect without a restart.
/// </summary>
internal static class MutualTls
{
    public const string ManagerRole = DispatchProtocol.ManagerRole;

    public static SslOptions Create(INodeCertificates certificates) => new()
    {
        ServerOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateSelectionCallback = (_, _) => certificates.Certificate,
            // Asks for the client's certificate; NodeCertificate.IsTrusted is what refuses a connection without one.
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, cert, _, _) => NodeCertificate.IsTrusted(cert, certificates.RootCa, NodeCertificate.ClientAuth, ManagerRole),
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        },
        ClientOptions = new SslClientAuthenticationOptions
        {
            LocalCertificateSelectionCallback = (_, _, _, _, _) => certificates.Certificate,
            RemoteCertificateValidationCallback = (_, cert, _, _) => NodeCertificate.IsTrusted(cert, certificates.RootCa, NodeCertificate.ServerAuth, ManagerRole),
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        },
    };
}
