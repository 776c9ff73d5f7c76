using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi;
using Swarm.Manager.ControlApi.Forwarding;
using Swarm.Manager.Dispatching;
using Swarm.Store;
using Swarm.Testing.Leadership;
using Swarm.Testing.Net;
using Swarm.Testing.Security;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

/// <summary>The follower's side against scripted leaders: what is tried again, what is never repeated.</summary>
public sealed class GrpcLeaderForwarderTests : IDisposable
{
    private static readonly ForwardedRequest Create = new("POST", "/v1.41/services/create", "application/json", "{}"u8.ToArray());

    private readonly ThrowawayCa ca = new("swarm-forward-test-ca");
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
    private readonly FakeLeadership leadership = new();
    private readonly MemoryStore store = new();

    public GrpcLeaderForwarderTests() => certificate = ca.Issue("manager-follower", DispatchProtocol.ManagerRole);

    [Fact]
    public async Task Forward_ReturnsTheLeadersAnswerAsItCame()
    {
        await using var leader = await FakeForwardingServer.StartAsync(ca, (request, _) => Task.FromResult(new ForwardResponse
        {
            StatusCode = 409, ContentType = "application/json", Body = ByteString.CopyFromUtf8($"{{\"message\":\"{request.PathAndQuery}\"}}"),
        }));
        await LeaderIsAsync(leader.Address);
        using var forwarder = Forwarder();

        var answer = await forwarder.Value.ForwardAsync(Create, CancellationToken.None);

        Assert.NotNull(answer);
        Assert.Equal(409, answer.StatusCode);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal("{\"message\":\"/v1.41/services/create\"}", Encoding.UTF8.GetString(answer.Body.Span));
    }

    [Fact]
    public async Task Forward_ToAFollower_FollowsTheLeaderItNames()
    {
        await using var real = await FakeForwardingServer.StartAsync(ca, (_, _) => Task.FromResult(new ForwardResponse { StatusCode = 201 }));
        await using var stale = await FakeForwardingServer.StartAsync(ca, (_, _) => throw new RpcException(
            new Status(StatusCode.Unavailable, "not the leader"),
            new Metadata { { ForwardingRules.NotRunTrailer, "not-leader" }, { DispatchProtocol.LeaderAddressTrailer, real.Address } }));
        await LeaderIsAsync(stale.Address);
        using var forwarder = Forwarder();

        var answer = await forwarder.Value.ForwardAsync(Create, CancellationToken.None);

        Assert.Equal(201, answer?.StatusCode);
        Assert.Equal(1, stale.Service.Calls);
        Assert.Equal(1, real.Service.Calls);
    }

    [Fact]
    public async Task Forward_AnswerLostMidCall_IsNotRepeated_AndSays503OutcomeUnknown()
    {
        await using var leader = await FakeForwardingServer.StartAsync(ca, (_, context) =>
        {
            context.GetHttpContext().Abort();
            return Task.FromResult(new ForwardResponse { StatusCode = 201 });
        });
        await LeaderIsAsync(leader.Address);
        using var forwarder = Forwarder();

        var answer = await forwarder.Value.ForwardAsync(Create, CancellationToken.None);

        Assert.Equal(503, answer?.StatusCode);
        Assert.Contains("may or may not have been applied", Encoding.UTF8.GetString(answer!.Body.Span), StringComparison.Ordinal);
        Assert.Equal(1, leader.Service.Calls);
    }

    [Fact]
    public async Task Forward_LeaderUnreachable_ReturnsNullOncePatienceRunsOut()
    {
        await LeaderIsAsync($"127.0.0.1:{FreePorts.Next().Port}");
        using var forwarder = Forwarder(TimeSpan.FromMilliseconds(500));

        Assert.Null(await forwarder.Value.ForwardAsync(Create, CancellationToken.None));
    }

    [Fact]
    public async Task Forward_NoLeaderKnown_ReturnsNull()
    {
        using var forwarder = Forwarder(TimeSpan.Zero);

        Assert.Null(await forwarder.Value.ForwardAsync(Create, CancellationToken.None));
    }

    [Fact]
    public async Task Forward_OfANodeLocalRequest_NeverCallsTheLeader()
    {
        await using var leader = await FakeForwardingServer.StartAsync(ca, (_, _) => Task.FromResult(new ForwardResponse { StatusCode = 200 }));
        await LeaderIsAsync(leader.Address);
        using var forwarder = Forwarder();

        Assert.Null(await forwarder.Value.ForwardAsync(Create with { PathAndQuery = "/v1.41/swarm/leave?force=1" }, CancellationToken.None));
        Assert.Equal(0, leader.Service.Calls);
    }

    /// <summary>The store names a leading manager at <paramref name="address"/>, as Raft's leader address maps it.</summary>
    private async Task LeaderIsAsync(string address)
    {
        leadership.Elect();
        await store.UpdateAsync(tx => tx.Nodes.Create(new Node
        {
            Id = "manager-leader",
            Role = NodeRole.Manager,
            Spec = new NodeSpec { DesiredRole = NodeRole.Manager },
            ManagerStatus = new ManagerStatus { Addr = address, RaftAddr = leadership.LeaderAddress! },
        }));
    }

    private Owned Forwarder(TimeSpan? patience = null)
    {
        var options = new ForwardingOptions(() => certificate, ca.Certificate) { LeaderPatience = patience ?? TimeSpan.FromSeconds(5) };
        var channels = new LeaderChannels(options);
        return new Owned(channels, new GrpcLeaderForwarder(
            store, new ManagerDirectory(leadership), channels, options, TimeProvider.System, NullLogger<GrpcLeaderForwarder>.Instance));
    }

    private sealed record Owned(LeaderChannels Channels, ILeaderForwarder Value) : IDisposable
    {
        public void Dispose() => Channels.Dispose();
    }

    public void Dispose()
    {
        certificate.Dispose();
        ca.Dispose();
    }
}
