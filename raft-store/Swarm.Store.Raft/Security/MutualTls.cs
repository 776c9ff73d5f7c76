using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DotNext.Net.Security;

namespace Swarm.Store.Raft.Security;

/// <summary>
/// TLS for Raft traffic: both ends present a certificate and accept only managers of our CA. Peers are checked by
/// chain and role, not host name, so no TargetHost is needed. Certificates are selected per connection, so a
/// renewed one takes effect without a restart.
/// </summary>
internal static class MutualTls
{
    public const string ManagerRole = "swarm-manager";

    public static SslOptions Create(INodeCertificates certificates) => new()
    {
        ServerOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateSelectionCallback = (_, _) => certificates.Certificate,
            // Asks for the client's certificate; PeerValidator is what refuses a connection without one.
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, cert, _, _) => PeerValidator.IsManager(cert, certificates.RootCa, PeerValidator.ClientAuth),
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        },
        ClientOptions = new SslClientAuthenticationOptions
        {
            LocalCertificateSelectionCallback = (_, _, _, _, _) => certificates.Certificate,
            RemoteCertificateValidationCallback = (_, cert, _, _) => PeerValidator.IsManager(cert, certificates.RootCa, PeerValidator.ServerAuth),
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        },
    };
}
