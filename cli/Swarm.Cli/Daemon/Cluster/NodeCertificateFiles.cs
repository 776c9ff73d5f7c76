using System.Security.Cryptography.X509Certificates;
using Swarm.Agent.Certificates;
using Swarm.Manager.Ca;
using Swarm.Store.Raft.Security;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// The node's certificate, key and root CA (and on managers the CA's key), as PEM files readable by root only.
/// Raft, the cluster port and the agent read <see cref="Certificate"/> per connection, so a renewed one is used at once.
/// </summary>
internal sealed class NodeCertificateFiles : INodeCertificates, IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string directory;
    private X509Certificate2 certificate;

    private NodeCertificateFiles(string directory, X509Certificate2 certificate, X509Certificate2 rootCa)
    {
        this.directory = directory;
        this.certificate = certificate;
        RootCa = rootCa;
    }

    public X509Certificate2 Certificate => Volatile.Read(ref certificate);

    public X509Certificate2 RootCa { get; }

    private string NodePem => Path.Combine(directory, "node.pem");
    private string NodeKeyPem => Path.Combine(directory, "node-key.pem");
    private string CaPem => Path.Combine(directory, "ca.pem");
    private string CaKeyPem => Path.Combine(directory, "ca-key.pem");
    private string DataKeyFile => Path.Combine(directory, "data.key");

    public static NodeCertificateFiles Load(string directory) => new(
        directory,
        NodeCredentials.Load(File.ReadAllText(Path.Combine(directory, "node.pem")), File.ReadAllText(Path.Combine(directory, "node-key.pem"))),
        X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, "ca.pem"))));

    /// <summary>Writes what the CA issued (root CA included), then holds it.</summary>
    public static NodeCertificateFiles Save(string directory, IssuedCertificate issued)
    {
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteSecret(Path.Combine(directory, "ca.pem"), issued.RootCaPem);
        var files = new NodeCertificateFiles(directory, issued.LoadCertificate(), X509Certificate2.CreateFromPem(issued.RootCaPem));
        files.Write(issued);
        return files;
    }

    /// <summary>A renewed certificate (new key, maybe a new role) replaces the current one, on disk and in use.</summary>
    public void Replace(IssuedCertificate issued)
    {
        var renewed = issued.LoadCertificate();
        Write(issued);
        Interlocked.Exchange(ref certificate, renewed);
        // The old one may still be in a handshake: left to the finalizer rather than disposed under it.
    }

    /// <summary>The swarm's data key (seals secrets), held by managers only; null on a worker.</summary>
    public byte[]? LoadDataKey() => File.Exists(DataKeyFile) ? Convert.FromBase64String(File.ReadAllText(DataKeyFile)) : null;

    /// <summary>The CA's signing key, held by managers only; null on a worker.</summary>
    public ClusterCa? LoadCa() => File.Exists(CaKeyPem) ? ClusterCa.FromPem(File.ReadAllText(CaPem), File.ReadAllText(CaKeyPem)) : null;

    private void Write(IssuedCertificate issued)
    {
        WriteSecret(NodeKeyPem, issued.KeyPem);
        WriteSecret(NodePem, issued.CertificatePem);
        // A demoted node keeps neither the signing key nor the data key.
        if (issued.CaKeyPem.Length > 0)
            WriteSecret(CaKeyPem, issued.CaKeyPem);
        else
            File.Delete(CaKeyPem);
        if (issued.DataKey.Length > 0)
            WriteSecret(DataKeyFile, Convert.ToBase64String(issued.DataKey));
        else
            File.Delete(DataKeyFile);
    }

    /// <summary>Created 0600 before any byte is written, replaced whole.</summary>
    private static void WriteSecret(string path, string content)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        using (var writer = new StreamWriter(stream))
            writer.Write(content);
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        RootCa.Dispose();
    }
}
