using System.Security.Cryptography.X509Certificates;
using Swarm.Api.Objects;

namespace Swarm.Agent.Certificates;

/// <summary>
/// What the CA gave a node: its id and role, its certificate (with the private key made here), the root CA, and for
/// managers the CA's signing key and the swarm's data key (empty for workers). The PEM forms are kept on disk.
/// </summary>
public sealed record IssuedCertificate(
    string NodeId, NodeRole Role, string CertificatePem, string KeyPem, string RootCaPem, string CaKeyPem, byte[] DataKey)
{
    /// <summary>A new object each call: the caller owns (and disposes) it.</summary>
    public X509Certificate2 LoadCertificate() => NodeCredentials.Load(CertificatePem, KeyPem);
}
