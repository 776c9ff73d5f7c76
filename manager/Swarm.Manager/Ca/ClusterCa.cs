using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Manager.Ca;

/// <summary>
/// The swarm's root certificate authority (ECDSA P-256, like SwarmKit's): made once by <c>swarm init</c>, held by
/// every manager, it signs node certificates with CN = node id, OU = role, O = cluster id.
/// </summary>
public sealed class ClusterCa : IDisposable
{
    /// <summary>SwarmKit's root CA lifetime.</summary>
    public static readonly TimeSpan RootLifetime = TimeSpan.FromDays(20 * 365);

    /// <summary>Clocks of joining nodes may lag the signer's by this much.</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);

    private readonly ECDsa key;

    private ClusterCa(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        this.key = key;
    }

    /// <summary>The root certificate, without its key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string KeyPem => key.ExportPkcs8PrivateKeyPem();

    /// <summary>What join tokens carry: the SHA-256 of the root certificate, so a joining node can check whom it talks to.</summary>
    public string Digest => JoinToken.DigestOf(Certificate);

    public static ClusterCa Create(TimeProvider time)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=swarm-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var withKey = request.CreateSelfSigned(now - Backdate, now + RootLifetime);
        return new ClusterCa(X509CertificateLoader.LoadCertificate(withKey.RawData), key);
    }

    public static ClusterCa FromPem(string certificatePem, string keyPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        try
        {
            using var check = certificate.CopyWithPrivateKey(key);
        }
        catch (ArgumentException)
        {
            certificate.Dispose();
            key.Dispose();
            throw new CryptographicException("the CA key is not the key of the CA certificate");
        }
        return new ClusterCa(certificate, key);
    }

    /// <summary>
    /// Signs a node certificate for the public key of <paramref name="csrDer"/> (a PKCS#10 request whose signature
    /// must verify; its subject is ignored: the CA names the node). Usable for both TLS sides, as SwarmKit's are.
    /// </summary>
    public X509Certificate2 Sign(ReadOnlySpan<byte> csrDer, string nodeId, NodeRole role, string clusterId, TimeSpan lifetime, DateTimeOffset now)
    {
        CertificateRequest presented;
        try
        {
            presented = CertificateRequest.LoadSigningRequest(
                csrDer.ToArray(), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pss);
        }
        catch (CryptographicException e)
        {
            throw new Swarm.Api.Errors.InvalidSpecException($"invalid certificate signing request: {e.Message}");
        }
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName(clusterId);
        subject.AddOrganizationalUnitName(RoleName(role));
        subject.AddCommonName(nodeId);
        var request = new CertificateRequest(subject.Build(), presented.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([NodeCertificate.ServerAuth, NodeCertificate.ClientAuth], false));
        // Peers check chain and role, not names; the SAN names the node and its role for tools that want one.
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(nodeId);
        names.AddDnsName(RoleName(role));
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notAfter = Min(now + lifetime, Certificate.NotAfter);
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now - Backdate, notAfter, serial);
    }

    public static string RoleName(NodeRole role) => role == NodeRole.Manager ? DispatchProtocol.ManagerRole : DispatchProtocol.WorkerRole;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public void Dispose()
    {
        Certificate.Dispose();
        key.Dispose();
    }
}
