using System.Collections.Concurrent;
using System.Net.Security;
using Grpc.Net.Client;
using Swarm.Api.Dispatch;

namespace Swarm.Manager.ControlApi.Forwarding;

/// <summary>
/// One gRPC channel per manager address, kept for reuse, over mutual TLS: we show our node certificate and trust
/// a peer only if its certificate chains to the cluster's root CA and names a manager (host names are not checked;
/// managers are found by address and identified by role).
/// </summary>
internal sealed class LeaderChannels(ForwardingOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> channels = new(StringComparer.Ordinal);

    public GrpcChannel For(string address) => channels.GetOrAdd(address, a => new Lazy<GrpcChannel>(() => Create(a))).Value;

    private GrpcChannel Create(string address)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [options.Certificate()],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => options.Certificate(),
                RemoteCertificateValidationCallback = (_, certificate, _, _) => NodeCertificate.IsTrusted(
                    certificate, options.RootCa, NodeCertificate.ServerAuth, DispatchProtocol.ManagerRole),
            },
            // A dead leader's address fails fast on connect; a silent one is noticed by the keepalive.
            ConnectTimeout = TimeSpan.FromSeconds(3),
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        };
        return GrpcChannel.ForAddress($"https://{address}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    public void Dispose()
    {
        foreach (var channel in channels.Values.Where(c => c.IsValueCreated))
            channel.Value.Dispose();
        channels.Clear();
    }
}
