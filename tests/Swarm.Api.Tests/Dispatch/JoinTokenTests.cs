using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Api.Tests.Dispatch;

public sealed class JoinTokenTests
{
    [Fact]
    public void New_HasSwarmKitsShape_AndCarriesTheRootsDigest()
    {
        using var root = SelfSigned("CN=root-a");
        var digest = JoinToken.DigestOf(root);

        var token = JoinToken.New(digest);

        Assert.Matches("^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$", token);
        Assert.True(JoinToken.TryParse(token, out var parsed));
        Assert.Equal(digest, parsed);
    }

    [Fact]
    public void DigestOf_DiffersBetweenRoots_AndIsStable()
    {
        using var a = SelfSigned("CN=root-a");
        using var b = SelfSigned("CN=root-b");

        Assert.Equal(JoinToken.DigestOf(a), JoinToken.DigestOf(a));
        Assert.NotEqual(JoinToken.DigestOf(a), JoinToken.DigestOf(b));
    }

    [Fact]
    public void Rotate_KeepsTheDigest_AndDrawsANewSecret()
    {
        var token = JoinToken.New(new string('7', 50));

        var rotated = JoinToken.Rotate(token);

        Assert.NotEqual(token, rotated);
        Assert.Equal(token[..^25], rotated[..^25]);
    }

    [Fact]
    public void RoleOf_NamesTheRoleAToken_Grants_AndNothingForOthers()
    {
        var tokens = new JoinTokens { Worker = JoinToken.New(new string('a', 50)), Manager = JoinToken.New(new string('a', 50)) };

        Assert.Equal(NodeRole.Worker, JoinToken.RoleOf(tokens.Worker, tokens));
        Assert.Equal(NodeRole.Manager, JoinToken.RoleOf(tokens.Manager, tokens));
        Assert.Null(JoinToken.RoleOf(JoinToken.Rotate(tokens.Worker), tokens));
        Assert.Null(JoinToken.RoleOf("", new JoinTokens()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("SWMTKN-2-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-aaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("SWMTKN-1-aaaa-aaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("SWMTKN-1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-aaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("SWMTKN-1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-aaaaaaaaaaaaaaaaaaaaaaaaa-extra")]
    public void TryParse_RejectsWhatIsNotAToken(string token)
        => Assert.False(JoinToken.TryParse(token, out _));

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
    }
}
