using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

/// <summary>Docker's error shapes and status codes, and the optional /v1.NN prefix, over plain HTTP on the socket.</summary>
[Trait("Requires", "root")]
public sealed class EngineApiErrorTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task UnknownContainer_404WithDockerMessage_WithAndWithoutVersionPrefix()
    {
        await using var session = await DockerSession.StartAsync(registry, pull: false);
        using var http = Client(session.Host.Socket);

        using var bare = await http.GetAsync("/containers/nope/json");
        using var versioned = await http.GetAsync("/v1.41/containers/nope/json");

        Assert.Equal(HttpStatusCode.NotFound, bare.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, versioned.StatusCode);
        Assert.Equal("application/json", versioned.Content.Headers.ContentType!.ToString()); // verbatim, or the CLI shows raw JSON
        Assert.Equal("No such container: nope", await MessageAsync(versioned));
    }

    [Fact]
    public async Task HeaderLinesEndingInBareLineFeeds_AreAnswered()
    {
        // Docker.DotNet ends header lines with "\n" alone; Go's server and Kestrel accept it, so must the hijack fix.
        await using var session = await DockerSession.StartAsync(registry, pull: false);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(session.Host.Socket));

        await socket.SendAsync("GET /v1.41/containers/nope/json HTTP/1.1\r\nUser-Agent: Docker.DotNet\nHost: docker\nConnection: close\n\r\n"u8.ToArray());
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int n; (n = await socket.ReceiveAsync(buffer, bound.Token)) > 0;)
            answer.Append(Encoding.ASCII.GetString(buffer, 0, n));

        Assert.StartsWith("HTTP/1.1 404", answer.ToString(), StringComparison.Ordinal);
        Assert.Contains("No such container: nope", answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnsupportedChangeOrUrlSource_400_AndNoImageAdded()
    {
        await using var session = await DockerSession.StartAsync(registry, pull: false);
        using var http = Client(session.Host.Socket);

        using var run = await http.PostAsync("/v1.41/images/create?fromSrc=-&repo=x&changes=RUN%20rm%20-rf%20/", new ByteArrayContent([]));
        using var url = await http.PostAsync("/v1.41/images/create?fromSrc=http://example.invalid/x.tar&repo=x", new ByteArrayContent([]));
        using var images = await http.GetAsync("/v1.41/images/json");

        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.Contains("RUN is not a valid change command for import", await MessageAsync(run), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, url.StatusCode);
        Assert.Contains("importing from a URL is not supported", await MessageAsync(url), StringComparison.Ordinal);
        Assert.Equal("[]", (await images.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task CreateWithBadJson_400_AndDuplicateName_409()
    {
        await using var session = await DockerSession.StartAsync(registry);
        using var http = Client(session.Host.Socket);
        var body = JsonSerializer.Serialize(new { Image = session.Busybox, Cmd = new[] { "true" } });

        using var bad = await http.PostAsync("/v1.41/containers/create", new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var first = await http.PostAsync("/v1.41/containers/create?name=twin", new StringContent(body, Encoding.UTF8, "application/json"));
        using var second = await http.PostAsync("/v1.41/containers/create?name=twin", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("twin", await MessageAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_NonTty_UsesMultiplexedFrames()
    {
        await using var session = await DockerSession.StartAsync(registry);
        await session.Docker.OkAsync("run", "--name", "framed", session.Busybox, "sh", "-c", "echo out; echo err >&2");
        using var http = Client(session.Host.Socket);

        var bytes = await http.GetByteArrayAsync("/v1.41/containers/framed/logs?stdout=1&stderr=1");

        var frames = new List<(byte Stream, string Text)>();
        for (var at = 0; at < bytes.Length;)
        {
            Assert.Equal([0, 0, 0], bytes[(at + 1)..(at + 4)]);
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 4, 4));
            frames.Add((bytes[at], Encoding.UTF8.GetString(bytes, at + 8, length)));
            at += 8 + length;
        }
        Assert.Equal([((byte)1, "out\n"), ((byte)2, "err\n")], frames);
    }

    internal static HttpClient Client(string socket) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
            return new NetworkStream(s, ownsSocket: true);
        },
    }) { BaseAddress = new Uri("http://engine"), Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<string?> MessageAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("message").GetString();
    }
}
