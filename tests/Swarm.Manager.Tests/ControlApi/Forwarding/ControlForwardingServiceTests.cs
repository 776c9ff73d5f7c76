using System.Security.Cryptography.X509Certificates;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Api.EngineApi;
using Swarm.Manager.ControlApi.Forwarding;
using Swarm.Manager.Tests.Dispatching;
using Swarm.Testing.ControlPlane;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

/// <summary>The leader's ControlForwarding service called directly over gRPC with mutual TLS: who may call it and what it refuses.</summary>
public sealed class ControlForwardingServiceTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Forward_WithManagerCertificate_RunsTheWriteOnTheLeader()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        using var caller = Caller(cluster, await LeaderAddressAsync(cluster), DispatchProtocol.ManagerRole);

        var answer = await caller.Client.ForwardAsync(CreateService("web"), deadline: Deadline());

        Assert.Equal(201, answer.StatusCode);
        Assert.Equal("application/json", answer.ContentType.Split(';')[0]);
        Assert.NotNull((await cluster.StoreAsync()).Snapshot().Services.GetByName("web"));
    }

    [Fact]
    public async Task Forward_WithWorkerCertificate_IsPermissionDenied_AndRunsNothing()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        using var caller = Caller(cluster, await LeaderAddressAsync(cluster), DispatchProtocol.WorkerRole);

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await caller.Client.ForwardAsync(CreateService("web"), deadline: Deadline()));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Null((await cluster.StoreAsync()).Snapshot().Services.GetByName("web"));
    }

    [Fact]
    public async Task Forward_ToAFollower_IsUnavailable_NamesTheLeader_AndRunsNothing()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(3, 0, Heartbeat);
        var leaderAddress = await LeaderAddressAsync(cluster);
        var follower = cluster.Followers[0];
        await follower.Store.ReadBarrierAsync(); // it knows the managers' addresses
        using var caller = Caller(cluster, cluster.DispatcherAddress(follower), DispatchProtocol.ManagerRole);

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await caller.Client.ForwardAsync(CreateService("web"), deadline: Deadline()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.NotNull(error.Trailers.Get(ForwardingRules.NotRunTrailer));
        Assert.Equal(leaderAddress, error.Trailers.GetValue(DispatchProtocol.LeaderAddressTrailer));
        Assert.Contains("not forwarded again", error.Status.Detail, StringComparison.Ordinal);
        Assert.Null((await cluster.StoreAsync()).Snapshot().Services.GetByName("web"));
    }

    [Theory]
    [InlineData("POST", "/v1.41/swarm/leave?force=1", StatusCode.FailedPrecondition)]
    [InlineData("POST", "/swarm/init", StatusCode.FailedPrecondition)]
    [InlineData("GET", "/v1.41/services", StatusCode.InvalidArgument)]
    [InlineData("POST", "//elsewhere.example/services/create", StatusCode.InvalidArgument)]
    public async Task Forward_OfWhatIsNotAClusterWrite_IsRefused(string method, string path, StatusCode expected)
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(1, 0, Heartbeat);
        using var caller = Caller(cluster, await LeaderAddressAsync(cluster), DispatchProtocol.ManagerRole);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await caller.Client.ForwardAsync(
            new ForwardRequest { Method = method, PathAndQuery = path }, deadline: Deadline()));

        Assert.Equal(expected, error.StatusCode);
    }

    private static async Task<string> LeaderAddressAsync(ControlPlaneCluster cluster)
        => cluster.DispatcherAddress(await cluster.LeaderAsync());

    private static ForwardRequest CreateService(string name) => new()
    {
        Method = "POST",
        PathAndQuery = "/v1.41/services/create",
        ContentType = "application/json",
        Body = ByteString.CopyFrom(System.Text.Json.JsonSerializer.Serialize(ControlApiHost.Spec(name), EngineJson.Options), Encoding.UTF8),
    };

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    private static ForwardingCaller Caller(ControlPlaneCluster cluster, string address, string role)
        => new(address, cluster.IssueCertificate($"caller-{Guid.NewGuid():N}", role), cluster.RootCa);

    /// <summary>A raw ControlForwarding client presenting one node certificate.</summary>
    private sealed class ForwardingCaller(string address, X509Certificate2 certificate, X509Certificate2 rootCa) : IDisposable
    {
        private readonly NodeChannel channel = new(address, certificate, rootCa);

        public ControlForwarding.ControlForwardingClient Client => new(channel.Channel);

        public void Dispose() => channel.Dispose();
    }
}
