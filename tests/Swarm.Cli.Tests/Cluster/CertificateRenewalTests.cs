using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Swarm.Cli.Daemon.Cluster;

namespace Swarm.Cli.Tests.Cluster;

public sealed class CertificateRenewalTests
{
    private static readonly DateTimeOffset Issued = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.0, 45)]
    [InlineData(0.5, 58.5)]
    [InlineData(0.9999, 71.9973)]
    public void DueAt_IsBetweenHalfAndFourFifthsOfTheLifetime(double random, double expectedDays)
    {
        using var certificate = Certificate(Issued, TimeSpan.FromDays(90));

        var due = CertificateRenewal.DueAt(certificate, random);

        Assert.Equal(expectedDays, (due - Issued).TotalDays, precision: 3);
    }

    [Fact]
    public void Wait_IsUntilDue_InStepsOfAtMostADay_AndNothingWhenOverdue()
    {
        Assert.Equal(TimeSpan.FromHours(3), CertificateRenewal.Wait(Issued.AddHours(3), Issued));
        Assert.Equal(TimeSpan.FromDays(1), CertificateRenewal.Wait(Issued.AddDays(40), Issued));
        Assert.Equal(TimeSpan.Zero, CertificateRenewal.Wait(Issued, Issued.AddSeconds(1)));
    }

    private static X509Certificate2 Certificate(DateTimeOffset notBefore, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=node", key, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notBefore + lifetime);
    }
}
