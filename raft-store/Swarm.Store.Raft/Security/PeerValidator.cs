using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Swarm.Store.Raft.Security;

/// <summary>
/// A Raft peer is trusted when its certificate chains to our root CA alone (no system roots), is meant for the
/// TLS side it plays, and names the manager role in its OU.
/// </summary>
internal static class PeerValidator
{
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private const string OrganizationalUnitOid = "2.5.4.11";

    public static bool IsManager(X509Certificate? presented, X509Certificate2 rootCa, Oid usage)
    {
        if (presented is null)
            return false;
        var owned = presented as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()) : null;
        var peer = owned ?? (X509Certificate2)presented;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(rootCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        try
        {
            return chain.Build(peer) && RoleOf(peer) == MutualTls.ManagerRole;
        }
        finally
        {
            foreach (var element in chain.ChainElements)
                element.Certificate.Dispose();
            owned?.Dispose();
        }
    }

    public static string? RoleOf(X509Certificate2 certificate) => certificate.SubjectName.EnumerateRelativeDistinguishedNames()
        .Where(r => r.GetSingleElementType().Value == OrganizationalUnitOid)
        .Select(r => r.GetSingleElementValue())
        .SingleOrDefault();
}
