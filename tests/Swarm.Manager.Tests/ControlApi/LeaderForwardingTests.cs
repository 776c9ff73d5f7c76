using System.Net;
using System.Text;
using Swarm.Api.Errors;
using Swarm.Manager.ControlApi;
using Swarm.Store;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class LeaderForwardingTests
{
    [Fact]
    public async Task Write_OnFollower_IsForwardedUnchanged_AndTheLeadersAnswerReturned()
    {
        var forwarder = new RecordingForwarder();
        var (store, proposer) = await FollowerStoreAsync();
        await using var host = await ControlApiHost.StartAsync(store, forwarder);
        proposer.Following = true;

        using var response = await host.PostJsonAsync("/v1.41/services/create", ControlApiHost.Spec("web"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{\"ID\":\"from-leader\"}", await response.Content.ReadAsStringAsync());
        var request = Assert.Single(forwarder.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1.41/services/create", request.PathAndQuery);
        Assert.Contains("\"Name\":\"web\"", Encoding.UTF8.GetString(request.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_OnFollower_WithNoForwarder_Returns503()
    {
        var (store, proposer) = await FollowerStoreAsync();
        await using var host = await ControlApiHost.StartAsync(store);
        proposer.Following = true;

        using var response = await host.PostJsonAsync("/services/create", ControlApiHost.Spec("web"));
        var services = await host.GetJsonAsync<Api.EngineApi.Service[]>("/services");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not the leader", await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public async Task Write_LostLeadershipMidWrite_IsNotForwarded_AndSays503OutcomeUnknown()
    {
        var forwarder = new RecordingForwarder();
        var (store, proposer) = await FollowerStoreAsync();
        await using var host = await ControlApiHost.StartAsync(store, forwarder);
        proposer.Following = true;
        proposer.MayHaveCommitted = true;

        using var response = await host.PostJsonAsync("/v1.41/services/create", ControlApiHost.Spec("web"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("may or may not have been applied", await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
        Assert.Empty(forwarder.Requests);
    }

    private static async Task<(MemoryStore, SwitchableProposer)> FollowerStoreAsync()
    {
        var proposer = new SwitchableProposer();
        var store = new MemoryStore(proposer);
        proposer.Store = store;
        await using (await ControlApiHost.StartAsync(store))
        {
            // Seeds the cluster and the local node while this store still commits.
        }
        return (store, proposer);
    }

    private sealed class SwitchableProposer : IProposer
    {
        public MemoryStore? Store { get; set; }
        public bool Following { get; set; }
        public bool MayHaveCommitted { get; set; }

        public ValueTask ProposeAsync(ReadOnlyMemory<byte> transaction, CancellationToken cancellationToken)
        {
            if (Following)
                throw new NotLeaderException("198.18.0.2:2378", MayHaveCommitted);
            Store!.Apply(new System.Buffers.ReadOnlySequence<byte>(transaction));
            return ValueTask.CompletedTask;
        }

        public ValueTask ReadBarrierAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class RecordingForwarder : ILeaderForwarder
    {
        public List<ForwardedRequest> Requests { get; } = [];

        public Task<ForwardedResponse?> ForwardAsync(ForwardedRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request with { Body = request.Body.ToArray() });
            return Task.FromResult<ForwardedResponse?>(new ForwardedResponse(201, "application/json", "{\"ID\":\"from-leader\"}"u8.ToArray()));
        }
    }
}
