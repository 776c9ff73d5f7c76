using System.Security.Cryptography;
using Swarm.Api.Objects;
using Swarm.Manager.Security;

namespace Swarm.Manager.Tests.Security;

public sealed class AesGcmSecretProtectorTests
{
    private static readonly byte[] Plain = "password: hunter2"u8.ToArray();
    private readonly AesGcmSecretProtector protector = new(AesGcmSecretProtector.NewKey());

    [Fact]
    public void Seal_HidesTheData_AndOpenGivesItBack()
    {
        var secret = Secret("s1");

        var stored = protector.Seal(secret);
        var opened = protector.Open(stored);

        Assert.True(stored.Spec.DataSealed);
        Assert.Equal(-1, stored.Spec.Data.AsSpan().IndexOf("hunter2"u8));
        Assert.Equal(Plain, opened.Spec.Data);
        Assert.False(opened.Spec.DataSealed);
        Assert.Equal(stored.Spec.Data.Length, 1 + 12 + Plain.Length + 16);
    }

    [Fact]
    public void Seal_TwiceTheSameData_GivesDifferentBytes()
        => Assert.NotEqual(protector.Seal(Secret("s1")).Spec.Data, protector.Seal(Secret("s1")).Spec.Data);

    [Fact]
    public void Open_TamperedData_OrAnotherSecretsData_OrAnotherKey_Fails()
    {
        var stored = protector.Seal(Secret("s1"));
        var tampered = (byte[])stored.Spec.Data.Clone();
        tampered[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Open(stored with { Spec = stored.Spec with { Data = tampered } }));
        Assert.ThrowsAny<CryptographicException>(() => protector.Open(stored with { Id = "s2" }));
        Assert.ThrowsAny<CryptographicException>(() => new AesGcmSecretProtector(AesGcmSecretProtector.NewKey()).Open(stored));
    }

    [Fact]
    public void Open_DataThatWasNeverSealed_IsReturnedAsItIs()
        => Assert.Equal(Plain, protector.Open(Secret("s1")).Spec.Data);

    private static Secret Secret(string id) => new() { Id = id, Spec = new SecretSpec { Name = id, Data = Plain } };
}
