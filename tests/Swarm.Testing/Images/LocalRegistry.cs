using System.Diagnostics;
using Swarm.Testing.Net;

namespace Swarm.Testing.Images;

/// <summary>
/// Debian's `docker-registry` (distribution 2.8) serving filesystem storage from a temp dir on 127.0.0.1:&lt;free
/// port&gt;, plain HTTP. Started per test, killed by pid and deleted on dispose.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly TempDirectory dir;
    private readonly Process process;

    private LocalRegistry(TempDirectory dir, Process process, string address)
    {
        this.dir = dir;
        this.process = process;
        Address = address;
    }

    /// <summary>Where the registry keeps blobs: `docker/registry/v2/blobs/sha256/&lt;2 hex&gt;/&lt;hex&gt;/data`.</summary>
    public string StorageDir => dir.Sub("data");

    /// <summary>The file holding a blob, for tests that corrupt it.</summary>
    public string BlobFile(string digest)
        => Path.Combine(StorageDir, "docker", "registry", "v2", "blobs", "sha256", digest[7..9], digest[7..], "data");

    /// <summary>`127.0.0.1:PORT`, the registry part of image references.</summary>
    public string Address { get; }

    public static bool Available => File.Exists(Binary);

    /// <summary>Starts a registry; with <paramref name="tokens"/>, it requires bearer tokens from that server.</summary>
    public static async Task<LocalRegistry> StartAsync(TokenServer? tokens = null)
    {
        var dir = new TempDirectory("swarm-registry-");
        var port = FreePorts.Next().Port;
        var config = dir.Sub("config.yml");
        var auth = "";
        if (tokens is not null)
        {
            await File.WriteAllTextAsync(dir.Sub("token.crt"), tokens.CertificatePem);
            auth = $"""

                auth:
                  token:
                    realm: {tokens.Realm}
                    service: {TokenServer.Service}
                    issuer: {TokenServer.Issuer}
                    rootcertbundle: {dir.Sub("token.crt")}
                """;
        }
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {dir.Sub("data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            """ + auth);
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(dir, process, $"127.0.0.1:{port}");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"docker-registry exited with {process.ExitCode}");
                using var response = await http.GetAsync($"http://{registry.Address}/v2/");
                return response.IsSuccessStatusCode || (tokens is not null && response.StatusCode == System.Net.HttpStatusCode.Unauthorized);
            }, TimeSpan.FromSeconds(30), "docker-registry to answer /v2/");
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
                process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        dir.Dispose();
    }
}
