using Swarm.Engine.Api.Json;
using Swarm.Engine.Images.Registry;

namespace Swarm.Engine.Api;

/// <summary>The registry client's progress events as the status lines `docker pull` and `docker push` print.</summary>
internal static class TransferLines
{
    public static ProgressLine? Pull(TransferProgress p) => p.Status switch
    {
        TransferStatus.Waiting => Layer(p, "Pulling fs layer"),
        TransferStatus.AlreadyExists => Layer(p, "Already exists"),
        TransferStatus.Downloading => Bytes(p, "Downloading"),
        TransferStatus.DownloadComplete => Layer(p, "Download complete"),
        TransferStatus.Extracting => Bytes(p, "Extracting"),
        TransferStatus.PullComplete => Layer(p, "Pull complete"),
        _ => null, // Resolving and Done get lines of their own from the endpoint
    };

    public static ProgressLine? Push(TransferProgress p) => p.Status switch
    {
        TransferStatus.Preparing => Layer(p, "Preparing"),
        TransferStatus.LayerAlreadyExists => Layer(p, "Layer already exists"),
        TransferStatus.Uploading => Bytes(p, "Pushing"),
        TransferStatus.Pushed => Layer(p, "Pushed"),
        _ => null,
    };

    private static ProgressLine Layer(TransferProgress p, string status)
        => new() { Status = status, Id = p.Id, ProgressDetail = new ProgressDetail() };

    private static ProgressLine Bytes(TransferProgress p, string status) => new()
    {
        Status = status,
        Id = p.Id,
        ProgressDetail = new ProgressDetail(p.Current, p.Total),
        Progress = ProgressStream.Bar(p.Current, p.Total),
    };
}
