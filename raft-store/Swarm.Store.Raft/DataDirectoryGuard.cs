using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Swarm.Store.Raft;

/// <summary>Turns the log library's low-level failures on start into one clear error naming the directory.</summary>
internal static class DataDirectoryGuard
{
    /// <summary>
    /// Refuses a log whose bookkeeping files are gone: without "checkpoint" the log silently restarts at index 0,
    /// without "state" the node forgets its term and vote — both unsafe, neither reported by the log itself.
    /// </summary>
    public static void CheckLogFiles(string walDirectory)
    {
        var metadata = Path.Combine(walDirectory, "metadata");
        if (!Directory.Exists(metadata) || !Directory.EnumerateFiles(metadata).Any())
            return;
        foreach (var required in (string[])["checkpoint", "state"])
        {
            if (!File.Exists(Path.Combine(walDirectory, required)))
                throw new StoreCorruptedException($"the store in {walDirectory} is damaged: its '{required}' file is missing");
        }
    }

    public static T Run<T>(string directory, Func<T> start)
    {
        try
        {
            return start();
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Wrap(directory, e);
        }
    }

    public static async Task RunAsync(string directory, Func<Task> start)
    {
        try
        {
            await start();
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Wrap(directory, e);
        }
    }

    private static bool IsDamage(Exception e) => e is DotNext.IO.Log.IntegrityException or WriteAheadLog.HashMismatchException
        or WriteAheadLog.MissingPageException or WriteAheadLog.InternalException or WriteAheadLog.UnsupportedCheckpointVersionException
        or EndOfStreamException or InvalidDataException or MessagePack.MessagePackSerializationException;

    private static StoreCorruptedException Wrap(string directory, Exception e) => e as StoreCorruptedException
        ?? new StoreCorruptedException($"the store in {directory} is damaged and cannot be loaded: {e.Message}", e);
}
