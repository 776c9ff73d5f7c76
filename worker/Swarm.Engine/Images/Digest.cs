using System.Security.Cryptography;
using Swarm.Api.Errors;

namespace Swarm.Engine.Images;

/// <summary>A content digest, always sha256 here (`sha256:&lt;64 lowercase hex&gt;`), the only algorithm we accept.</summary>
public readonly record struct Digest
{
    private Digest(string hex) => Hex = hex;

    public string Hex { get; }

    public static Digest Parse(string value)
    {
        if (!TryParse(value, out var digest))
            throw new InvalidSpecException($"invalid digest \"{value}\": only sha256:<64 hex> is supported");
        return digest;
    }

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null || !value.StartsWith("sha256:", StringComparison.Ordinal))
            return false;
        var hex = value[7..];
        if (!IsHex64(hex))
            return false;
        digest = new Digest(hex);
        return true;
    }

    public static Digest FromHex(string hex) => IsHex64(hex) ? new Digest(hex) : throw new InvalidSpecException($"invalid sha256 hex \"{hex}\"");

    public static Digest Of(ReadOnlySpan<byte> data) => new(Convert.ToHexStringLower(SHA256.HashData(data)));

    public static Digest FromHash(byte[] sha256) => new(Convert.ToHexStringLower(sha256));

    public static bool IsHex64(string hex)
        => hex.Length == 64 && hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public override string ToString() => "sha256:" + Hex;
}
