using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Swarm.Agent.Certificates;

/// <summary>Key pairs and certificate requests of a node; the key never leaves the node.</summary>
public static class NodeCredentials
{
    /// <summary>A new ECDSA P-256 key and a PKCS#10 request for it (its subject is a placeholder: the CA names the node).</summary>
    public static (string KeyPem, byte[] Csr) NewRequest()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=swarm-node", key, HashAlgorithmName.SHA256);
        return (key.ExportPkcs8PrivateKeyPem(), request.CreateSigningRequest());
    }

    /// <summary>
    /// The certificate with its key, in a form SslStream can present as client and server (an ephemeral key does not
    /// work as a TLS server on Linux; a PKCS#12 round trip makes it a plain in-memory one).
    /// </summary>
    public static X509Certificate2 Load(string certificatePem, string keyPem)
    {
        using var withKey = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
