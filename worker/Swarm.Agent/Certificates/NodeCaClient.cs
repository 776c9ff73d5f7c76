using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Swarm.Agent.Sessions;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;

namespace Swarm.Agent.Certificates;

/// <summary>
/// A node's side of the CA (ca.proto): joining with a token, renewing a certificate, and a manager asking to join or
/// leave the Raft cluster. Leader-only calls follow the leader a follower names, a bounded number of times.
/// </summary>
public static class NodeCaClient
{
    private const int MaxRedirects = 5;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan NoLeaderDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Joins through <paramref name="remote"/> (host:port): reads the root CA over TLS without trusting it yet, trusts
    /// it only if its digest is the token's and the manager's certificate chains to it, then asks for a certificate.
    /// </summary>
    public static async Task<IssuedCertificate> JoinAsync(
        string remote, string token, string availability, string? advertiseAddress, CancellationToken cancellationToken)
    {
        if (!JoinToken.TryParse(token, out var digest))
            throw new JoinException("invalid join token");
        using var root = await FetchRootAsync(remote, digest, cancellationToken);
        var (keyPem, csr) = NodeCredentials.NewRequest();
        var response = await LeaderCallAsync(remote, address =>
        {
            var channel = ClusterChannel.Create(address, null, ClusterChannel.ManagerOf(root));
            return (channel, new NodeCa.NodeCaClient(channel).IssueNodeCertificateAsync(
                new IssueNodeCertificateRequest { Token = token, Csr = Google.Protobuf.ByteString.CopyFrom(csr), Availability = availability, Addr = advertiseAddress ?? "" },
                deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken).ResponseAsync);
        }, cancellationToken);
        return Issued(response, keyPem);
    }

    /// <summary>A new key and certificate for the node's current role in the store (renewal, promotion, demotion).</summary>
    public static async Task<IssuedCertificate> RenewAsync(
        IReadOnlyList<string> managers, X509Certificate2 current, X509Certificate2 rootCa, CancellationToken cancellationToken)
    {
        var (keyPem, csr) = NodeCredentials.NewRequest();
        var response = await AnyManagerAsync(managers, address =>
        {
            var channel = ClusterChannel.Create(address, current, ClusterChannel.ManagerOf(rootCa));
            return (channel, new NodeCa.NodeCaClient(channel).RenewNodeCertificateAsync(
                new RenewNodeCertificateRequest { Csr = Google.Protobuf.ByteString.CopyFrom(csr) },
                deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken).ResponseAsync);
        }, cancellationToken);
        return Issued(response, keyPem);
    }

    /// <summary>Asks the leader to add this manager, whose Raft node runs at <paramref name="raftAddress"/>, to the Raft cluster.</summary>
    public static Task JoinRaftAsync(IReadOnlyList<string> managers, X509Certificate2 certificate, X509Certificate2 rootCa,
        string raftAddress, string address, CancellationToken cancellationToken)
        => AnyManagerAsync(managers, target =>
        {
            var channel = ClusterChannel.Create(target, certificate, ClusterChannel.ManagerOf(rootCa));
            return (channel, new RaftMembership.RaftMembershipClient(channel).JoinAsync(
                new RaftJoinRequest { RaftAddr = raftAddress, Addr = address },
                deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken).ResponseAsync);
        }, cancellationToken);

    /// <summary>Asks the leader to take this manager out of the Raft cluster (it is leaving the swarm).</summary>
    public static Task LeaveRaftAsync(IReadOnlyList<string> managers, X509Certificate2 certificate, X509Certificate2 rootCa, CancellationToken cancellationToken)
        => AnyManagerAsync(managers, target =>
        {
            var channel = ClusterChannel.Create(target, certificate, ClusterChannel.ManagerOf(rootCa));
            return (channel, new RaftMembership.RaftMembershipClient(channel).LeaveAsync(
                new RaftLeaveRequest(), deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken).ResponseAsync);
        }, cancellationToken);

    private static async Task<X509Certificate2> FetchRootAsync(string remote, string digest, CancellationToken cancellationToken)
    {
        X509Certificate2? served = null;
        using var channel = ClusterChannel.Create(remote, null, presented =>
        {
            served = presented is null ? null : X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
            return presented is not null; // checked below, once the root is known
        });
        try
        {
            var response = await new NodeCa.NodeCaClient(channel).GetRootCaCertificateAsync(
                new GetRootCaCertificateRequest(), deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
            var root = X509Certificate2.CreateFromPem(response.CertificatePem);
            if (JoinToken.DigestOf(root) != digest || !ClusterChannel.ManagerOf(root)(served))
            {
                root.Dispose();
                throw new JoinException($"the manager at {remote} is not of the swarm this join token is for (root CA digest mismatch)");
            }
            return root;
        }
        catch (RpcException e)
        {
            throw new JoinException($"cannot reach the manager at {remote}: {e.Status.Detail}", e);
        }
        finally
        {
            served?.Dispose();
        }
    }

    private static async Task<T> AnyManagerAsync<T>(IReadOnlyList<string> managers, Func<string, (IDisposable, Task<T>)> call, CancellationToken cancellationToken)
    {
        JoinException? last = null;
        foreach (var manager in managers)
        {
            try
            {
                return await LeaderCallAsync(manager, call, cancellationToken);
            }
            catch (JoinException e) when (e.InnerException is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded })
            {
                last = e;
            }
        }
        throw last ?? new JoinException("no manager address is known");
    }

    /// <summary>Runs a leader-only call, following the leader a follower names; a call refused otherwise fails with its reason.</summary>
    private static async Task<T> LeaderCallAsync<T>(string address, Func<string, (IDisposable, Task<T>)> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (channel, response) = call(address);
            using (channel)
            {
                try
                {
                    return await response;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < MaxRedirects)
                {
                    // A named leader may be stale (an election is under way): give it a moment before going there.
                    var named = e.Trailers.GetValue(DispatchProtocol.LeaderAddressTrailer) is { Length: > 0 } leader ? leader : null;
                    if (named is not null)
                        address = named;
                    if (named is null || attempt > 0)
                        await Task.Delay(NoLeaderDelay, cancellationToken);
                }
                catch (RpcException e)
                {
                    throw new JoinException(e.Status.Detail, e);
                }
            }
        }
    }

    private static IssuedCertificate Issued(NodeCertificateResponse response, string keyPem) => new(
        response.NodeId,
        response.Role == DispatchProtocol.ManagerRole ? NodeRole.Manager : NodeRole.Worker,
        response.CertificatePem,
        keyPem,
        response.RootCaPem,
        response.CaKeyPem,
        response.DataKey.ToByteArray());
}

/// <summary>Joining, renewing or a Raft membership change failed; the message is the manager's reason, for the operator.</summary>
public sealed class JoinException(string message, Exception? inner = null) : Exception(message, inner);
