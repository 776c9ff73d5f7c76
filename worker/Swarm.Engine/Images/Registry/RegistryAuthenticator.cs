using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Swarm.Engine.Images.Registry;

/// <summary>
/// Answers a registry's 401 challenge: Basic sends the configured credentials; Bearer fetches a token from the
/// challenge's realm (with service and scope, authenticated with the credentials when there are any) and caches it
/// per registry and scope until the registry refuses it again.
/// </summary>
internal sealed class RegistryAuthenticator(HttpClient http, Func<string, RegistryCredentials?> credentials)
{
    private readonly ConcurrentDictionary<(string Registry, string Scope), AuthenticationHeaderValue> cache = new();

    public AuthenticationHeaderValue? Cached(string registry, string scope)
        => cache.TryGetValue((registry, scope), out var value) ? value : null;

    public async Task<AuthenticationHeaderValue?> AuthorizeAsync(string registry, string scope, AuthChallenge challenge, CancellationToken cancellationToken)
    {
        var creds = credentials(registry);
        AuthenticationHeaderValue? header = null;
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (creds is not null)
                header = Basic(creds);
        }
        else if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && challenge["realm"] is { } realm)
        {
            header = new AuthenticationHeaderValue("Bearer", await FetchTokenAsync(realm, challenge["service"], challenge["scope"] ?? scope, creds, cancellationToken));
        }
        if (header is null)
            return null;
        cache[(registry, scope)] = header;
        return header;
    }

    private async Task<string> FetchTokenAsync(string realm, string? service, string scope, RegistryCredentials? creds, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (service is not null)
            query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(scope));
        var uri = new UriBuilder(realm) { Query = string.Join('&', query) }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (creds is not null)
            request.Headers.Authorization = Basic(creds);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"token server {uri.GetLeftPart(UriPartial.Path)} refused: {(int)response.StatusCode} {response.ReasonPhrase}", (int)response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        foreach (var name in new[] { "token", "access_token" })
            if (json.RootElement.TryGetProperty(name, out var token) && token.GetString() is { Length: > 0 } value)
                return value;
        throw new RegistryException($"token server {uri.GetLeftPart(UriPartial.Path)} returned no token", 401);
    }

    private static AuthenticationHeaderValue Basic(RegistryCredentials creds)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{creds.Username}:{creds.Password}")));
}
