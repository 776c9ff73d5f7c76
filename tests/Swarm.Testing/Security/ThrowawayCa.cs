using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Swarm.Testing.Security;

/// <summary>
/// A root CA minted in memory for tests (ECDSA P-256, like the cluster's real one), and node certificates it
/// signs: CN = node id, OU = role.
/// </summary>
public sealed class ThrowawayCa : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ThrowawayCa(string name = "swarm-test-ca")
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(7));
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>A certificate with its private key, usable by SslStream on both ends of a connection.</summary>
    public X509Certificate2 Issue(string nodeId, string role = "swarm-manager")
    {
        using var nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={nodeId}, OU={role}, O=swarm-test", nodeKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("swarm-manager");
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        using var withKey = signed.CopyWithPrivateKey(nodeKey);
        // Round-trip through PKCS#12 so the key is a plain persisted-in-memory key SslStream can use as a server.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes the CA certificate and a node's certificate + key as PEM files, for child processes.</summary>
    public void WritePem(string directory, string nodeId, string role = "swarm-manager")
    {
        Directory.CreateDirectory(directory);
        using var node = Issue(nodeId, role);
        File.WriteAllText(Path.Combine(directory, "ca.pem"), Certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "node.pem"), node.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "node-key.pem"), node.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Certificate.Dispose();
        key.Dispose();
    }
}
