using System.Security.Cryptography.X509Certificates;

namespace Swarm.Store.Raft.Security;

/// <summary>
/// This node's certificate and the cluster's root CA. Read on every new connection, so a renewed certificate is
/// used without a restart.
/// </summary>
public interface INodeCertificates
{
    /// <summary>The node's certificate with its private key.</summary>
    X509Certificate2 Certificate { get; }

    /// <summary>The only CA a peer's certificate may chain to.</summary>
    X509Certificate2 RootCa { get; }
}
