using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Swarm.Testing.Net;

namespace Swarm.Testing.Images;

/// <summary>
/// A tiny Docker-registry token server on 127.0.0.1: `GET /token?service=…&amp;scope=…` with Basic credentials returns
/// an ES256 JWT (x5c header, self-signed P-256 certificate) granting the requested scope. docker-registry trusts
/// it through <see cref="CertificatePem"/> (its `auth.token.rootcertbundle`).
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "swarm-test-registry";
    public const string Issuer = "swarm-test-issuer";

    private readonly HttpListener listener = new();
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 certificate;
    private readonly string username;
    private readonly string password;
    private readonly Task loop;
    private int tokensIssued;

    public TokenServer(string username, string password)
    {
        this.username = username;
        this.password = password;
        var request = new CertificateRequest("CN=swarm-test-token", key, HashAlgorithmName.SHA256);
        certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var port = FreePorts.Next().Port;
        Realm = $"http://127.0.0.1:{port}/token";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Realm { get; }

    public string CertificatePem => certificate.ExportCertificatePem();

    public int TokensIssued => Volatile.Read(ref tokensIssued);

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var response = context.Response;
            if (!Authorized(context.Request.Headers["Authorization"]))
            {
                response.StatusCode = 401;
                continue;
            }
            var scope = context.Request.QueryString["scope"] ?? "";
            var token = Issue(scope);
            Interlocked.Increment(ref tokensIssued);
            var body = JsonSerializer.SerializeToUtf8Bytes(new { token, access_token = token, expires_in = 300 });
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(body);
        }
    }

    private bool Authorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
            return false;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
        return decoded == $"{username}:{password}";
    }

    private string Issue(string scope)
    {
        var access = new List<object>();
        var parts = scope.Split(':');
        if (parts.Length == 3)
            access.Add(new { type = parts[0], name = parts[1], actions = parts[2].Split(',') });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { alg = "ES256", typ = "JWT", x5c = new[] { Convert.ToBase64String(certificate.RawData) } };
        var claims = new
        {
            iss = Issuer, sub = username, aud = Service, exp = now + 300, nbf = now - 30, iat = now,
            jti = Guid.NewGuid().ToString("N"), access,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256); // IEEE P1363 r||s, as JWS wants
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        // Close alone: Stop-then-Close makes the managed HttpListener re-bind the port while removing its prefixes,
        // which fails with "Address already in use" once another test has taken the freed port.
        listener.Close();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        certificate.Dispose();
        key.Dispose();
    }
}
