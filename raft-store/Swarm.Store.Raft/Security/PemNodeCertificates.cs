using System.Security.Cryptography.X509Certificates;

namespace Swarm.Store.Raft.Security;

/// <summary>Certificates held in memory, or loaded from PEM files: ca.pem, node.pem and node-key.pem.</summary>
public sealed class PemNodeCertificates(X509Certificate2 certificate, X509Certificate2 rootCa) : INodeCertificates
{
    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2 RootCa { get; } = rootCa;

    public static PemNodeCertificates Load(string directory)
    {
        var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "node.pem"), Path.Combine(directory, "node-key.pem"));
        var rootCa = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "ca.pem"));
        return new PemNodeCertificates(certificate, rootCa);
    }
}
