using System.Net.Sockets;
using System.Net.Http.Headers;

namespace Swarm.Manager.ControlApi.Forwarding;

/// <summary>
/// This process's own Engine API, reached as a client would reach it (the daemon's unix socket), so a forwarded
/// request goes through exactly the same routes, filters and validation as one sent here directly.
/// </summary>
public sealed class LocalControlApi : IDisposable
{
    private static readonly Uri BaseAddress = new("http://localhost");
    private readonly HttpMessageInvoker invoker;

    public LocalControlApi(HttpMessageHandler handler) => invoker = new HttpMessageInvoker(handler, disposeHandler: true);

    public static LocalControlApi OverUnixSocket(string socketPath) => new(UnixSocketHandler(socketPath));

    /// <summary>An HTTP handler whose every connection goes to <paramref name="socketPath"/>, whatever the URI's host.</summary>
    public static SocketsHttpHandler UnixSocketHandler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Runs <paramref name="request"/> here, marked as forwarded by <paramref name="forwardedBy"/>, and returns the answer whole.</summary>
    public async Task<ForwardedResponse> SendAsync(ForwardedRequest request, string forwardedBy, CancellationToken cancellationToken)
    {
        if (!ForwardingRules.IsLocalPath(request.PathAndQuery))
            throw new ArgumentException($"'{request.PathAndQuery}' is not a path of this API", nameof(request));
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(BaseAddress, request.PathAndQuery));
        if (request.Body.Length > 0 || request.ContentType is not null)
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
            if (request.ContentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (ForwardingRules.IsCarried(name))
                message.Headers.TryAddWithoutValidation(name, value);
        }
        message.Headers.TryAddWithoutValidation(ForwardingRules.ForwardedByHeader, forwardedBy);
        using var response = await invoker.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new ForwardedResponse((int)response.StatusCode, ContentTypeOf(response.Content.Headers), body);
    }

    private static string? ContentTypeOf(HttpContentHeaders headers)
        => headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;

    public void Dispose() => invoker.Dispose();
}
