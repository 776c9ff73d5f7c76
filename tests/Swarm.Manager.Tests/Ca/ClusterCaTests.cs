using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Swarm.Agent.Certificates;
using Swarm.Api.Dispatch;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Ca;

namespace Swarm.Manager.Tests.Ca;

public sealed class ClusterCaTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Create_MakesAnEcdsaP256RootCa()
    {
        using var ca = ClusterCa.Create(TimeProvider.System);

        using var key = ca.Certificate.GetECDsaPublicKey();
        Assert.Equal(256, key!.KeySize);
        Assert.True(ca.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.False(ca.Certificate.HasPrivateKey); // the signing key stays inside ClusterCa
        Assert.True(ca.Certificate.NotAfter > DateTime.UtcNow.AddYears(19));
    }

    [Fact]
    public void Sign_NamesNodeRoleAndCluster_AndChainsToTheRootForBothTlsSides()
    {
        using var ca = ClusterCa.Create(TimeProvider.System);
        var (keyPem, csr) = NodeCredentials.NewRequest();

        using var signed = ca.Sign(csr, "node0000000000000000000001", NodeRole.Manager, "cluster00000000000000000001", TimeSpan.FromDays(90), Now);
        using var usable = NodeCredentials.Load(signed.ExportCertificatePem(), keyPem);

        Assert.Equal("node0000000000000000000001", NodeCertificate.NodeIdOf(usable));
        Assert.Equal(DispatchProtocol.ManagerRole, NodeCertificate.RoleOf(usable));
        Assert.Contains("O=cluster00000000000000000001", usable.Subject, StringComparison.Ordinal);
        Assert.True(NodeCertificate.IsTrusted(usable, ca.Certificate, NodeCertificate.ServerAuth, DispatchProtocol.ManagerRole));
        Assert.True(NodeCertificate.IsTrusted(usable, ca.Certificate, NodeCertificate.ClientAuth, DispatchProtocol.ManagerRole));
        Assert.InRange(usable.NotAfter.ToUniversalTime(), Now.UtcDateTime.AddDays(90).AddMinutes(-1), Now.UtcDateTime.AddDays(90).AddMinutes(1));
        Assert.True(usable.HasPrivateKey);
    }

    [Fact]
    public void Sign_IgnoresTheSubjectTheNodeAskedFor()
    {
        using var ca = ClusterCa.Create(TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=i-am-the-leader, OU=swarm-manager", key, HashAlgorithmName.SHA256).CreateSigningRequest();

        using var signed = ca.Sign(csr, "worker000000000000000000001", NodeRole.Worker, "c", TimeSpan.FromDays(1), Now);

        Assert.Equal("worker000000000000000000001", NodeCertificate.NodeIdOf(signed));
        Assert.Equal(DispatchProtocol.WorkerRole, NodeCertificate.RoleOf(signed));
    }

    [Fact]
    public void Sign_SomethingThatIsNoCertificateRequest_IsAnInvalidSpec()
    {
        using var ca = ClusterCa.Create(TimeProvider.System);

        Assert.Throws<InvalidSpecException>(() => ca.Sign("not a csr"u8, "n", NodeRole.Worker, "c", TimeSpan.FromDays(1), Now));
    }

    [Fact]
    public void FromPem_RoundTrips_AndRefusesAKeyOfAnotherCa()
    {
        using var ca = ClusterCa.Create(TimeProvider.System);
        using var other = ClusterCa.Create(TimeProvider.System);

        using var loaded = ClusterCa.FromPem(ca.CertificatePem, ca.KeyPem);
        var (_, csr) = NodeCredentials.NewRequest();
        using var signed = loaded.Sign(csr, "n", NodeRole.Worker, "c", TimeSpan.FromDays(1), Now);

        Assert.Equal(ca.Digest, loaded.Digest);
        Assert.True(NodeCertificate.IsTrusted(signed, ca.Certificate, NodeCertificate.ClientAuth, DispatchProtocol.WorkerRole));
        Assert.ThrowsAny<CryptographicException>(() => ClusterCa.FromPem(ca.CertificatePem, other.KeyPem));
    }
}
