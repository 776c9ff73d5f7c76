using System.Globalization;
using System.Text.Json;

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
    public async Task Events_SinceUntil_ReplaysKeptEventsInTheWindowAndEnds()
    {
        await using var host = await ControlApiHost.StartAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await host.PostJsonAsync("/secrets/create", new Api.EngineApi.SecretSpec { Name = "s1", Data = [1] });
        await host.CreateServiceAsync("web");
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        string Seconds(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var all = await EventuallyLinesAsync(host, $"/events?since={Seconds(before)}&until={Seconds(now)}", 2, cts.Token);
        var services = await host.Client.GetStringAsync(
            $"/events?since={Seconds(before)}&until={Seconds(now)}&filters=" + Uri.EscapeDataString("""{"service":["web"]}"""), cts.Token);
        var none = await host.Client.GetStringAsync("/events?until=1000", cts.Token);

        Assert.Equal(["secret create", "service create"], all);
        var line = Assert.Single(services.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"Type\":\"service\"", line, StringComparison.Ordinal);
        Assert.Equal("", none);
    }

    /// <summary>The event log follows the store asynchronously: ask again until it has caught up (bounded).</summary>
    private static async Task<string[]> EventuallyLinesAsync(ControlApiHost host, string path, int count, CancellationToken cancellationToken)
    {
        string[] lines = [];
        await Swarm.Testing.Eventually.TrueAsync(async () =>
        {
            var text = await host.Client.GetStringAsync(path, cancellationToken);
            lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("Type").GetString() != "node")
                .Select(e => $"{e.GetProperty("Type").GetString()} {e.GetProperty("Action").GetString()}").ToArray();
            return lines.Length >= count;
        }, TimeSpan.FromSeconds(10), $"{count} events at {path}");
        return lines;
    }

    [Fact]
    public async Task Events_ServiceUpdate_CarriesOldAndNewValues()
    {
        await using var host = await ControlApiHost.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await host.Client.GetAsync(
            "/events?filters=" + Uri.EscapeDataString("""{"event":["update"]}"""), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var id = await host.CreateServiceAsync("web", 1);

        await host.PostJsonAsync($"/services/{id}/update?version={host.Store.Snapshot().Services.Get(id)!.Meta.Version}", ControlApiHost.Spec("web", 3, "nginx"));

        using var update = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        var attributes = update.RootElement.GetProperty("Actor").GetProperty("Attributes");
        Assert.Equal("1", attributes.GetProperty("replicas.old").GetString());
        Assert.Equal("3", attributes.GetProperty("replicas.new").GetString());
        Assert.Equal("nginx", attributes.GetProperty("image.new").GetString());
    }
}
