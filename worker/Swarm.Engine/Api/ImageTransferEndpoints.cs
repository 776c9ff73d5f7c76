using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Images;
using Swarm.Engine.Images.Archive;
using Swarm.Engine.Images.Registry;

namespace Swarm.Engine.Api;

/// <summary>Pull (`/images/create`), push, save (`/images/get`) and load, with Docker's streaming formats.</summary>
internal static class ImageTransferEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/images/create", (Func<HttpContext, Task>)CreateAsync);
        group.MapGet("/images/get", (Func<HttpContext, Task>)SaveManyAsync);
        group.MapPost("/images/load", (Func<HttpContext, Task>)LoadAsync);
    }

    /// <summary>`docker pull` (fromImage + tag or digest), or `docker import` (fromSrc=-, the tar as the body).</summary>
    private static async Task CreateAsync(HttpContext http)
    {
        if (ApiQuery.String(http, "fromSrc") is { } source)
        {
            await ImportAsync(http, source);
            return;
        }

        var from = ApiQuery.String(http, "fromImage") ?? throw new InvalidSpecException("fromImage or fromSrc is required");
        var tag = ApiQuery.String(http, "tag");
        var reference = tag is null ? from : tag.StartsWith("sha256:", StringComparison.Ordinal) ? $"{from}@{tag}" : $"{from}:{tag}";
        var parsed = ImageReference.Parse(reference);
        var store = http.RequestServices.GetRequiredService<ImageStore>();
        var registry = http.RequestServices.GetRequiredService<RegistryClient>();
        var progress = new ProgressStream(TransferLines.Pull);
        await progress.RunAsync(http, async cancellationToken =>
        {
            progress.Write(new ProgressLine { Status = $"Pulling from {parsed.Repository}", Id = parsed.Tag ?? parsed.Digest?.ToString() });
            var before = await store.TryResolveAsync(parsed.ToString(), cancellationToken);
            var image = await registry.PullAsync(store, parsed.ToString(), progress, cancellationToken);
            var digest = image.RepoDigests.FirstOrDefault(d => d.StartsWith(parsed.FamiliarName + "@", StringComparison.Ordinal));
            if (digest is not null)
                progress.Write(new ProgressLine { Status = "Digest: " + digest[(digest.IndexOf('@', StringComparison.Ordinal) + 1)..] });
            progress.Write(new ProgressLine
            {
                Status = before?.Id == image.Id
                    ? $"Status: Image is up to date for {parsed.FamiliarString}"
                    : $"Status: Downloaded newer image for {parsed.FamiliarString}",
            });
        });
    }

    /// <summary>
    /// `docker import`: a rootfs tar (plain or gzip) in the body becomes a one-layer image named repo:tag, with
    /// `changes` applied to its config. Only the body is accepted as a source: the daemon downloads nothing by URL.
    /// </summary>
    private static async Task ImportAsync(HttpContext http, string source)
    {
        if (source != "-")
            throw new InvalidSpecException("importing from a URL is not supported: send the tar itself (docker import file.tar or -)");
        var repo = ApiQuery.String(http, "repo");
        var tag = ApiQuery.String(http, "tag");
        var reference = string.IsNullOrEmpty(repo) ? null : string.IsNullOrEmpty(tag) ? repo : $"{repo}:{tag}";
        if (reference is not null)
            _ = ImageReference.Parse(reference); // a bad name is a 400 before anything is read
        var config = ImportChanges.Apply(http.Request.Query["changes"].Select(c => c ?? ""));
        var store = http.RequestServices.GetRequiredService<ImageStore>();
        var progress = new ProgressStream(_ => null);
        await progress.RunAsync(http, async cancellationToken =>
        {
            var image = await new ImageArchive(store).ImportAsync(http.Request.Body, reference, config, null, cancellationToken);
            progress.Write(new ProgressLine { Status = image.Id.ToString() });
        });
    }

    public static async Task PushAsync(HttpContext http, string name)
    {
        var tag = ApiQuery.String(http, "tag");
        var reference = tag is null ? name : $"{name}:{tag}";
        var parsed = ImageReference.Parse(reference);
        var store = http.RequestServices.GetRequiredService<ImageStore>();
        var registry = http.RequestServices.GetRequiredService<RegistryClient>();
        var progress = new ProgressStream(TransferLines.Push);
        await progress.RunAsync(http, async cancellationToken =>
        {
            progress.Write(new ProgressLine { Status = $"The push refers to repository [{parsed.Name}]" });
            var image = await store.ResolveAsync(parsed.ToString(), cancellationToken);
            var digest = await registry.PushAsync(store, parsed.ToString(), progress, cancellationToken);
            var size = (await store.ManifestOfAsync(image.Id, cancellationToken)).Bytes.Length;
            var shown = parsed.Tag ?? "latest";
            progress.Write(new ProgressLine { Status = $"{shown}: digest: {digest} size: {size}" });
            progress.Write(new ProgressLine { ProgressDetail = new ProgressDetail(), Aux = new { Tag = shown, Digest = digest.ToString(), Size = size } });
        });
    }

    private static Task SaveManyAsync(HttpContext http)
    {
        var names = http.Request.Query["names"].Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();
        if (names.Count == 0)
            throw new InvalidSpecException("no images to save (names is empty)");
        return SaveAsync(http, names);
    }

    /// <summary>A docker-save tar (also an OCI layout). Every name is resolved first, so a typo is a 404, not a broken tar.</summary>
    public static async Task SaveAsync(HttpContext http, IReadOnlyList<string> names)
    {
        var store = http.RequestServices.GetRequiredService<ImageStore>();
        foreach (var name in names)
            await store.ResolveAsync(name, http.RequestAborted);
        http.Features.Get<IHttpBodyControlFeature>()?.AllowSynchronousIO = true;
        http.Response.ContentType = "application/x-tar";
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted); // headers now: clients wait for them before going on
        await new ImageArchive(store).SaveAsync(names, http.Response.Body, http.RequestAborted);
    }

    /// <summary>
    /// `docker load`: the tar is spooled to the store's disk first (the archive reader needs to seek). There is no
    /// per-layer progress, so `quiet` changes nothing; every name the loaded image has is reported.
    /// </summary>
    private static async Task LoadAsync(HttpContext http)
    {
        var store = http.RequestServices.GetRequiredService<ImageStore>();
        var spool = Path.Combine(store.Root, "tmp", $"load-{Guid.NewGuid():N}.tar");
        Directory.CreateDirectory(Path.GetDirectoryName(spool)!);
        try
        {
            await using (var file = File.Create(spool))
                await http.Request.Body.CopyToAsync(file, http.RequestAborted);
            var progress = new ProgressStream(_ => null);
            await progress.RunAsync(http, async cancellationToken =>
            {
                await using var archive = File.OpenRead(spool);
                foreach (var image in await new ImageArchive(store).LoadAsync(archive, cancellationToken))
                {
                    var names = image.RepoTags.Count > 0 ? image.RepoTags.Select(t => "Loaded image: " + t) : ["Loaded image ID: " + image.Id];
                    foreach (var line in names)
                        progress.Write(new ProgressLine { Stream = line + "\n" });
                }
            });
        }
        finally
        {
            File.Delete(spool);
        }
    }
}
