using System.Security.Cryptography;
using Swarm.Api.Objects;

namespace Swarm.Manager.Security;

/// <summary>
/// AES-256-GCM with the swarm's data key (32 random bytes made at init, held by managers only, never in the store).
/// Sealed data is a version byte, a 12-byte random nonce, the ciphertext and the 16-byte tag; the secret's id is the
/// associated data, so sealed bytes cannot be moved to another secret.
/// </summary>
public sealed class AesGcmSecretProtector(byte[] key) : ISecretProtector
{
    public const int KeySize = 32;
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeySize);

    public Secret Seal(Secret secret)
    {
        if (secret.Spec.DataSealed)
            return secret;
        var plain = secret.Spec.Data;
        var sealedData = new byte[1 + NonceSize + plain.Length + TagSize];
        sealedData[0] = Version;
        var nonce = sealedData.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedData.AsSpan(1 + NonceSize, plain.Length), sealedData.AsSpan(1 + NonceSize + plain.Length), Associated(secret));
        return secret with { Spec = secret.Spec with { Data = sealedData, DataSealed = true } };
    }

    public Secret Open(Secret secret)
    {
        if (!secret.Spec.DataSealed)
            return secret;
        var sealedData = secret.Spec.Data;
        if (sealedData.Length < 1 + NonceSize + TagSize || sealedData[0] != Version)
            throw new CryptographicException($"secret {secret.Id}: sealed data of an unknown format");
        var length = sealedData.Length - 1 - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedData.AsSpan(1, NonceSize), sealedData.AsSpan(1 + NonceSize, length), sealedData.AsSpan(1 + NonceSize + length), plain, Associated(secret));
        return secret with { Spec = secret.Spec with { Data = plain, DataSealed = false } };
    }

    private static byte[] Associated(Secret secret) => System.Text.Encoding.UTF8.GetBytes(secret.Id);
}

/// <summary>The swarm's data key as a manager holds it: what seals secrets, handed by the CA to new managers.</summary>
public sealed record SwarmDataKey(byte[] Key);
