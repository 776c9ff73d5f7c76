using Swarm.Agent.Certificates;

namespace Swarm.Cli.Daemon.Cluster;

internal sealed partial class SwarmMode
{
    private CancellationTokenSource? renewing;
    private Task renewal = Task.CompletedTask;

    /// <summary>Starts renewing this node's certificate before it expires, for as long as the node is in the swarm.</summary>
    private void StartRenewal()
    {
        renewing = new CancellationTokenSource();
        var stop = renewing.Token;
        renewal = Task.Run(() => RenewLoopAsync(stop), CancellationToken.None);
    }

    private async Task StopRenewalAsync()
    {
        if (renewing is null)
            return;
        await renewing.CancelAsync();
        await renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        renewing.Dispose();
        renewing = null;
    }

    private async Task RenewLoopAsync(CancellationToken stop)
    {
        var due = certificates is { } current ? CertificateRenewal.DueAt(current.Certificate, Random.Shared.NextDouble()) : DateTimeOffset.MaxValue;
        while (!stop.IsCancellationRequested)
        {
            var wait = CertificateRenewal.Wait(due, DateTimeOffset.UtcNow);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            try
            {
                await RenewCertificateAsync(stop);
                due = CertificateRenewal.DueAt(certificates!.Certificate, Random.Shared.NextDouble());
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogRenewalFailed(e.Message);
                due = DateTimeOffset.UtcNow + CertificateRenewal.RetryDelay;
            }
        }
    }

    /// <summary>A new key and certificate for the same role; a role change is left to <see cref="ChangeRoleAsync"/>.</summary>
    private async Task RenewCertificateAsync(CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken);
        try
        {
            if (membership is not { } node || certificates is null)
                return;
            var issued = await NodeCaClient.RenewAsync(node.Managers, certificates.Certificate, certificates.RootCa, cancellationToken);
            if (issued.Role != node.Role)
                return;
            certificates.Replace(issued);
            LogRenewed(node.NodeId, certificates.Certificate.NotAfter);
        }
        finally
        {
            changing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "renewed the certificate of node {NodeId}; it is valid until {NotAfter:u}")]
    private partial void LogRenewed(string nodeId, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not renew this node's certificate ({Reason}); trying again in a minute")]
    private partial void LogRenewalFailed(string reason);
}
