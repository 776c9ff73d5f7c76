using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Swarm.Api.Dispatch;
using Swarm.Manager.LogBroker;

namespace Swarm.Manager.Dispatching;

/// <summary>
/// Wiring of the dispatcher: services (<see cref="AddDispatcher"/>), the gRPC endpoint (<see cref="MapDispatcher"/>)
/// and the mutual-TLS listener (<see cref="UseDispatcherTls"/>). Needs MemoryStore, ILeadership and TimeProvider
/// registered; the <see cref="HeartbeatWatchdog"/> is registered as an <see cref="ILeaderLoop"/> for LeaderLoops.
/// </summary>
public static class DispatcherRegistration
{
    public static IServiceCollection AddDispatcher(this IServiceCollection services, DispatcherOptions? options = null)
    {
        services.AddGrpc();
        services.AddSingleton(options ?? new DispatcherOptions());
        services.TryAddSingleton<Security.ISecretProtector, Security.NoSecretProtection>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<ManagerDirectory>();
        services.AddSingleton<TaskStatusBatcher>();
        services.AddSingleton<HeartbeatWatchdog>();
        services.AddSingleton<ILeaderLoop>(s => s.GetRequiredService<HeartbeatWatchdog>());
        services.AddLogBroker(); // the log broker reaches agents through the dispatcher's sessions
        return services;
    }

    public static IEndpointRouteBuilder MapDispatcher(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<DispatcherService>();
        endpoints.MapLogBroker();
        return endpoints;
    }

    /// <summary>
    /// HTTP/2 over TLS. A client certificate, when presented, must chain to <paramref name="rootCa"/> alone and name a
    /// node role; without one only joining works (each gRPC method checks its caller). The server certificate is read
    /// per connection, so a renewed one is used without a restart.
    /// </summary>
    public static ListenOptions UseDispatcherTls(this ListenOptions listen, Func<X509Certificate2> certificate, X509Certificate2 rootCa)
    {
        listen.Protocols = HttpProtocols.Http2;
        return listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificate(),
            // A joining node has no certificate yet (NodeCa); every other method refuses a caller without one.
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            CheckCertificateRevocation = false,
            ClientCertificateValidation = (presented, _, _) => NodeCertificate.IsTrusted(
                presented, rootCa, NodeCertificate.ClientAuth, DispatchProtocol.WorkerRole, DispatchProtocol.ManagerRole),
        });
    }
}
