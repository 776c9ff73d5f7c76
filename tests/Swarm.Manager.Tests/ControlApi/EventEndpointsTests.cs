using System.Text.Json;
using Swarm.Testing;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class EventEndpointsTests
{
    [Fact]
    public async Task Events_StreamsServiceCreateAndRemove_FilteredByType()
    {
        await using var host = await ControlApiHost.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await host.Client.GetAsync(
            "/v1.41/events?filters=" + Uri.EscapeDataString("""{"type":["service"]}"""), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        await host.PostJsonAsync("/secrets/create", new Api.EngineApi.SecretSpec { Name = "ignored", Data = [1] });
        var id = await host.CreateServiceAsync("web");
        await host.Client.DeleteAsync($"/services/{id}");

        using var created = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        using var removed = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        Assert.Equal("service", created.RootElement.GetProperty("Type").GetString());
        Assert.Equal("create", created.RootElement.GetProperty("Action").GetString());
        Assert.Equal(id, created.RootElement.GetProperty("Actor").GetProperty("ID").GetString());
        Assert.Equal("web", created.RootElement.GetProperty("Actor").GetProperty("Attributes").GetProperty("name").GetString());
        Assert.Equal("swarm", created.RootElement.GetProperty("scope").GetString());
        Assert.True(created.RootElement.GetProperty("timeNano").GetInt64() > 0);
        Assert.Equal("remove", removed.RootElement.GetProperty("Action").GetString());
    }

    [Fact]
    public async Task Events_UntilInThePast_EndsAtOnce()
    {
        await using var host = await ControlApiHost.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var body = await host.Client.GetStringAsync("/events?until=1000", cts.Token);

        Assert.Equal("", body);
        await Eventually.TrueAsync(() => true, TimeSpan.FromSeconds(1), "nothing");
    }
}
