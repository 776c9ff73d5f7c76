using System.Security.Cryptography.X509Certificates;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// When a node renews its certificate: SwarmKit's rule, at a random point between 50 % and 80 % of its lifetime, so
/// nodes that joined together do not all ask the CA at once. A failed renewal is tried again a minute later.
/// </summary>
internal static class CertificateRenewal
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    /// <summary><paramref name="random"/> in [0, 1) picks the point in the 50–80 % window.</summary>
    public static DateTimeOffset DueAt(X509Certificate2 certificate, double random)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var lifetime = certificate.NotAfter.ToUniversalTime() - certificate.NotBefore.ToUniversalTime();
        return notBefore + (lifetime * (0.5 + (0.3 * random)));
    }

    /// <summary>How long to sleep before looking again: until due, in steps of at most a day (clocks jump, VMs sleep).</summary>
    public static TimeSpan Wait(DateTimeOffset due, DateTimeOffset now)
    {
        var wait = due - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1);
    }
}
