namespace Swarm.Engine.Images.Registry;

/// <summary>
/// One progress event of a pull or push. <see cref="Id"/> is the first 12 hex digits of a layer's blob digest (as
/// Docker shows), or the reference for whole-image events; bytes count only for Downloading/Uploading/Extracting.
/// The Engine API's JSON progress stream maps from these.
/// </summary>
public sealed record TransferProgress(string Id, TransferStatus Status, long Current = 0, long Total = 0);

public enum TransferStatus
{
    /// <summary>Pull: resolving the reference to a manifest.</summary>
    Resolving,
    /// <summary>Pull: "Pulling fs layer".</summary>
    Waiting,
    /// <summary>Pull: the layer is already unpacked here.</summary>
    AlreadyExists,
    Downloading,
    /// <summary>Pull: blob complete and its digest verified.</summary>
    DownloadComplete,
    Extracting,
    /// <summary>Pull: the layer is unpacked and its DiffID verified.</summary>
    PullComplete,
    /// <summary>Push: "Preparing".</summary>
    Preparing,
    /// <summary>Push: "Layer already exists" in the registry.</summary>
    LayerAlreadyExists,
    Uploading,
    Pushed,
    /// <summary>The whole image is done; <see cref="TransferProgress.Id"/> is the manifest digest.</summary>
    Done,
}
