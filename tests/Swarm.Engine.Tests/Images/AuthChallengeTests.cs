using System.Net;
using Swarm.Api.Errors;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Registry;
using Swarm.Testing;

namespace Swarm.Engine.Tests.Images;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parse_BearerChallenge_ReadsQuotedParameters()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"")!;

        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("https://auth.docker.io/token", challenge["realm"]);
        Assert.Equal("registry.docker.io", challenge["service"]);
        Assert.Equal("repository:library/busybox:pull", challenge["scope"]);
    }

    [Fact]
    public async Task PullAsync_BasicChallenge_RetriesWithCredentials()
    {
        var handler = new BasicOnlyRegistry("bob:pw");
        using var dir = new TempDirectory();
        using var client = new RegistryClient(new RegistryOptions { Credentials = _ => new RegistryCredentials("bob", "pw") }, handler: handler);

        // Past authentication the stub knows no manifests: NotFound proves the credentials were accepted.
        await Assert.ThrowsAsync<NotFoundException>(() => client.PullAsync(new ImageStore(dir.Path), "127.0.0.1:1/x:1", null, CancellationToken.None));

        Assert.Equal(2, handler.Requests);
    }

    private sealed class BasicOnlyRegistry(string userAndPassword) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            var expected = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(userAndPassword));
            if (request.Headers.Authorization is not { Scheme: "Basic" } auth || auth.Parameter != expected)
            {
                var refused = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                refused.Headers.WwwAuthenticate.ParseAdd("Basic realm=\"test\"");
                return Task.FromResult(refused);
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}
