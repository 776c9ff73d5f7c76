using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Swarm.Api.Objects;

namespace Swarm.Api.Dispatch;

/// <summary>
/// SwarmKit's join tokens: <c>SWMTKN-1-&lt;digest&gt;-&lt;secret&gt;</c>, the digest being the root CA certificate's
/// SHA-256 in base 36 (50 characters), the secret 25 random base-36 characters. The digest lets a joining node
/// check the manager it reached before it trusts it; the secret decides the role.
/// </summary>
public static class JoinToken
{
    private const string Prefix = "SWMTKN-1-";
    private const int DigestLength = 50;
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string New(string caDigest) => $"{Prefix}{caDigest}-{Ids.New()}";

    /// <summary>A new secret for the same CA (<c>swarm join-token --rotate</c>).</summary>
    public static string Rotate(string token)
        => TryParse(token, out var digest) ? New(digest) : New(new string('0', DigestLength));

    public static string DigestOf(X509Certificate2 rootCa)
    {
        var value = new BigInteger(SHA256.HashData(rootCa.RawData), isUnsigned: true, isBigEndian: true);
        var chars = new char[DigestLength];
        for (var i = DigestLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 36)];
            value /= 36;
        }
        return new string(chars);
    }

    /// <summary>Reads the CA digest out of a token; false when the token is not of this shape.</summary>
    public static bool TryParse(string? token, out string caDigest)
    {
        caDigest = "";
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var parts = token[Prefix.Length..].Split('-');
        if (parts.Length != 2 || parts[0].Length != DigestLength || parts[1].Length != Ids.Length
            || !parts.All(p => p.All(c => Alphabet.Contains(c, StringComparison.Ordinal))))
            return false;
        caDigest = parts[0];
        return true;
    }

    /// <summary>The role a presented token grants in <paramref name="tokens"/>, compared in constant time; null if none.</summary>
    public static NodeRole? RoleOf(string presented, JoinTokens tokens)
    {
        if (Same(presented, tokens.Manager))
            return NodeRole.Manager;
        return Same(presented, tokens.Worker) ? NodeRole.Worker : null;
    }

    private static bool Same(string presented, string expected) => expected.Length > 0
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(presented), System.Text.Encoding.ASCII.GetBytes(expected));
}
