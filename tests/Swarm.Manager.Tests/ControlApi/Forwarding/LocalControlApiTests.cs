using System.Net;
using System.Text;
using Swarm.Manager.ControlApi;
using Swarm.Manager.ControlApi.Forwarding;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

public sealed class LocalControlApiTests
{
    [Fact]
    public async Task SendAsync_ReplaysTheRequestAsItCame_MarkedAsForwarded_AndReturnsTheAnswerWhole()
    {
        var handler = new CapturingHandler(HttpStatusCode.Conflict, "application/json; charset=utf-8", "{\"message\":\"taken\"}");
        using var api = new LocalControlApi(handler);
        var headers = new Dictionary<string, string> { ["X-Registry-Auth"] = "e30=", ["Authorization"] = "not-carried" };

        var answer = await api.SendAsync(
            new ForwardedRequest("POST", "/v1.41/services/abc/update?version=7", "application/json", "{\"Name\":\"web\"}"u8.ToArray(), headers),
            "manager-2", CancellationToken.None);

        Assert.Equal(409, answer.StatusCode);
        Assert.Equal("application/json; charset=utf-8", answer.ContentType);
        Assert.Equal("{\"message\":\"taken\"}", Encoding.UTF8.GetString(answer.Body.Span));
        var seen = handler.Seen!;
        Assert.Equal(HttpMethod.Post, seen.Method);
        Assert.Equal("/v1.41/services/abc/update?version=7", seen.RequestUri!.PathAndQuery);
        Assert.Equal("application/json", seen.ContentType);
        Assert.Equal("{\"Name\":\"web\"}", seen.Body);
        Assert.Equal("manager-2", seen.Headers[ForwardingRules.ForwardedByHeader]);
        Assert.Equal("e30=", seen.Headers["X-Registry-Auth"]);
        Assert.False(seen.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task SendAsync_OfAnAbsoluteAddress_IsRefused()
    {
        var handler = new CapturingHandler(HttpStatusCode.OK, null, "");
        using var api = new LocalControlApi(handler);

        await Assert.ThrowsAsync<ArgumentException>(() => api.SendAsync(
            new ForwardedRequest("POST", "http://elsewhere.example/services/create", null, ReadOnlyMemory<byte>.Empty),
            "manager-2", CancellationToken.None));
        Assert.Null(handler.Seen);
    }

    private sealed record SeenRequest(HttpMethod Method, Uri? RequestUri, string? ContentType, string Body, Dictionary<string, string> Headers);

    private sealed class CapturingHandler(HttpStatusCode status, string? contentType, string body) : HttpMessageHandler
    {
        public SeenRequest? Seen { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen = new SeenRequest(
                request.Method,
                request.RequestUri,
                request.Content?.Headers.ContentType?.ToString(),
                request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken),
                request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return new HttpResponseMessage(status) { Content = content };
        }
    }
}
