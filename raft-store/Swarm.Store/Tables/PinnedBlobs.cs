using Swarm.Api.Objects;
using Swarm.Store.Codec;

namespace Swarm.Store.Tables;

/// <summary>
/// Moves the data of configs and secrets being committed onto the pinned object heap. The store keeps every
/// committed blob, so on the ordinary heap each one was copied gen0 → gen1 → gen2 by collections that stop the
/// node; blobs were ~60% of the bytes every young collection had to move. Pinned arrays are never moved and are
/// only collected with gen2. The bytes are the same, so applying stays deterministic.
/// </summary>
internal static class PinnedBlobs
{
    public static StoreAction Pin(StoreAction action) => action.Object switch
    {
        Config { Spec.Data.Length: > 0 } config
            => action with { Object = config with { Spec = config.Spec with { Data = Copy(config.Spec.Data) } } },
        Secret { Spec.Data.Length: > 0 } secret
            => action with { Object = secret with { Spec = secret.Spec with { Data = Copy(secret.Spec.Data) } } },
        _ => action,
    };

    private static byte[] Copy(byte[] data)
    {
        var pinned = GC.AllocateUninitializedArray<byte>(data.Length, pinned: true);
        data.CopyTo(pinned, 0);
        return pinned;
    }
}
