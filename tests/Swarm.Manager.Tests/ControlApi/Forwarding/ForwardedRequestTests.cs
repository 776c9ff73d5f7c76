using System.Net;
using System.Text;
using System.Text.Json;
using Swarm.Api.EngineApi;
using Swarm.Api.Errors;
using Swarm.Manager.ControlApi;
using Swarm.Manager.ControlApi.Forwarding;
using Swarm.Store;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

/// <summary>A request another manager forwarded here meets a store that cannot commit: it is answered, never sent on.</summary>
public sealed class ForwardedRequestTests
{
    [Fact]
    public async Task ForwardedWrite_OnAManagerThatLostLeadership_Answers503_AndIsNotForwardedAgain()
    {
        var forwarder = new CountingForwarder();
        var proposer = new SwitchableProposer();
        var store = new MemoryStore(proposer);
        proposer.Store = store;
        await using var host = await ControlApiHost.StartAsync(store, forwarder);
        proposer.Following = true;
        var json = JsonSerializer.Serialize(ControlApiHost.Spec("web"), EngineJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1.41/services/create")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ForwardingRules.ForwardedByHeader, "manager-2");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not the leader", await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
        Assert.Equal(0, forwarder.Calls);
    }

    private sealed class SwitchableProposer : IProposer
    {
        public MemoryStore? Store { get; set; }
        public bool Following { get; set; }

        public ValueTask ProposeAsync(ReadOnlyMemory<byte> transaction, CancellationToken cancellationToken)
        {
            if (Following)
                throw new NotLeaderException("198.18.0.2:2378");
            Store!.Apply(new System.Buffers.ReadOnlySequence<byte>(transaction));
            return ValueTask.CompletedTask;
        }

        public ValueTask ReadBarrierAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class CountingForwarder : ILeaderForwarder
    {
        public int Calls { get; private set; }

        public Task<ForwardedResponse?> ForwardAsync(ForwardedRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult<ForwardedResponse?>(new ForwardedResponse(201, "application/json", "{}"u8.ToArray()));
        }
    }
}
