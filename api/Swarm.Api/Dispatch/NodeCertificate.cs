using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Swarm.Api.Dispatch;

/// <summary>
/// Reads and checks node certificates (CN = node id, OU = role). Used by the dispatcher for its clients and by the
/// agent for the manager it connects to: a peer is trusted when its certificate chains to our root CA alone (no
/// system roots), is meant for the TLS side it plays, and names a role we know.
/// </summary>
public static class NodeCertificate
{
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private const string OrganizationalUnitOid = "2.5.4.11";
    private const string CommonNameOid = "2.5.4.3";

    /// <summary>True when <paramref name="presented"/> chains to <paramref name="rootCa"/> for <paramref name="usage"/> and carries one of <paramref name="roles"/>.</summary>
    public static bool IsTrusted(X509Certificate? presented, X509Certificate2 rootCa, Oid usage, params string[] roles)
    {
        if (presented is null)
            return false;
        var owned = presented is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        var peer = owned ?? (X509Certificate2)presented;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(rootCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        try
        {
            return chain.Build(peer) && RoleOf(peer) is { } role && roles.Contains(role);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
                element.Certificate.Dispose();
            owned?.Dispose();
        }
    }

    public static string? RoleOf(X509Certificate2 certificate) => Single(certificate, OrganizationalUnitOid);

    public static string? NodeIdOf(X509Certificate2 certificate) => Single(certificate, CommonNameOid);

    private static string? Single(X509Certificate2 certificate, string oid) => certificate.SubjectName
        .EnumerateRelativeDistinguishedNames()
        .Where(r => r.GetSingleElementType().Value == oid)
        .Select(r => r.GetSingleElementValue())
        .SingleOrDefault();
}
