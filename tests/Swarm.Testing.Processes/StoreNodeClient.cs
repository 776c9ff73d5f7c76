using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization.Metadata;
using Swarm.Store.NodeHost.Api.Contracts;

namespace Swarm.Testing.Processes;

/// <summary>
/// Typed client of one node's control API, over its UNIX socket. Errors the node reports become
/// <see cref="StoreNodeException"/>; a node that is down gives <see cref="HttpRequestException"/>; a request that
/// outlives its timeout gives <see cref="TimeoutException"/> (its outcome is unknown).
/// </summary>
public sealed class StoreNodeClient : IDisposable
{
    private readonly HttpClient http;

    public StoreNodeClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
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
        };
        // Timeouts are per call (RequestTimeout, or longer for a load run), never the client-wide one.
        http = new HttpClient(handler) { BaseAddress = new Uri("http://swarm-store-node"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public Task<StoreNodeStatus> GetStatusAsync(CancellationToken cancellationToken = default)
        => SendAsync(HttpMethod.Get, "/status", null, NodeJsonContext.Default.StoreNodeStatus, RequestTimeout, cancellationToken);

    public Task<CreatedConfig> CreateConfigAsync(string name, int size, CancellationToken cancellationToken = default)
        => SendAsync(HttpMethod.Post, "/configs", JsonContent.Create(new CreateConfigRequest(name, size), NodeJsonContext.Default.CreateConfigRequest),
            NodeJsonContext.Default.CreatedConfig, RequestTimeout, cancellationToken);

    /// <summary>Every config, by version; with <paramref name="barrier"/> only after a linearizable read barrier.</summary>
    public Task<List<ConfigSummary>> ListConfigsAsync(bool barrier, CancellationToken cancellationToken = default)
        => SendAsync(HttpMethod.Get, barrier ? "/configs?barrier=true" : "/configs", null,
            NodeJsonContext.Default.ListConfigSummary, RequestTimeout, cancellationToken);

    public Task AddMemberAsync(string address, CancellationToken cancellationToken = default)
        => SendAsync<object>(HttpMethod.Post, "/members", JsonContent.Create(new MemberRequest(address), NodeJsonContext.Default.MemberRequest),
            null, RequestTimeout, cancellationToken);

    public Task RemoveMemberAsync(string address, CancellationToken cancellationToken = default)
        => SendAsync<object>(HttpMethod.Delete, $"/members/{Uri.EscapeDataString(address)}", null, null, RequestTimeout, cancellationToken);

    public Task<LoadResult> RunLoadAsync(int writers, double seconds, int size, CancellationToken cancellationToken = default)
        => SendAsync(HttpMethod.Post, "/load", JsonContent.Create(new LoadRequest(writers, seconds, size), NodeJsonContext.Default.LoadRequest),
            NodeJsonContext.Default.LoadResult, TimeSpan.FromSeconds(seconds) + RequestTimeout, cancellationToken);

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T>? result, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                var error = await ReadErrorAsync(response, deadline.Token);
                throw new StoreNodeException(response.StatusCode, error?.Message ?? response.ReasonPhrase ?? "error", error?.Leader);
            }
            if (result is null)
                return default!;
            return await response.Content.ReadFromJsonAsync(result, deadline.Token)
                ?? throw new InvalidDataException($"{method} {path} returned an empty body");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {path} did not answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    private static async Task<ErrorResponse?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(NodeJsonContext.Default.ErrorResponse, cancellationToken);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            return null; // not a JSON error body (e.g. 404 of an unknown route)
        }
    }

    public void Dispose() => http.Dispose();
}
