using System.Security.Cryptography;

namespace Swarm.Api.Objects;

/// <summary>Object ids as Swarm makes them: 128 random bits in base 36, 25 lowercase characters.</summary>
public static class Ids
{
    public const int Length = 25;
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true);
        Span<char> chars = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 36)];
            value /= 36;
        }
        return new string(chars);
    }
}
