using System.Text;
using Swarm.Testing;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Images;

/// <summary>Puts test images into a local registry with skopeo, independently of our own client.</summary>
internal static class RegistrySeed
{
    public static async Task PushAsync(TestImage image, LocalRegistry registry, string nameAndTag, string? format = null)
    {
        using var layout = new TempDirectory("swarm-oci-");
        image.WriteOciLayout(layout.Path, "seed");
        await Skopeo.CopyAsync($"oci:{layout.Path}:seed", $"docker://{registry.Address}/{nameAndTag}", format);
    }

    /// <summary>PUTs a raw manifest or index document under a tag (the registry checks what it references exists).</summary>
    public static async Task PutManifestAsync(LocalRegistry registry, string repository, string tag, string mediaType, string json)
    {
        using var http = new HttpClient();
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        using var response = await http.PutAsync($"http://{registry.Address}/v2/{repository}/manifests/{tag}", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
