using System.Globalization;
using Swarm.Api.Objects;
using Swarm.Engine.Runtime;
using Swarm.Exec;

namespace Swarm.Engine.Executor;

/// <summary>A task's secrets (under /run/secrets) and configs (at their target, default /&lt;name&gt;) as in-memory files.</summary>
internal static class TaskFiles
{
    public static IReadOnlyList<FileMount> Resolve(ContainerSpec spec, TaskDependencies dependencies)
    {
        var files = new List<FileMount>();
        foreach (var reference in spec.Secrets)
        {
            var secret = dependencies.Secret(reference.ObjectId);
            files.Add(File(reference, secret.Spec.Data, "/run/secrets/"));
        }
        foreach (var reference in spec.Configs)
        {
            var config = dependencies.Config(reference.ObjectId);
            files.Add(File(reference, config.Spec.Data, "/"));
        }
        return files;
    }

    private static FileMount File(FileReference reference, byte[] data, string directory)
    {
        var name = reference.FileName.Length > 0 ? reference.FileName : reference.ObjectName;
        var target = name.StartsWith('/') ? name : directory + name;
        return new FileMount(reference.ObjectName, target, data, reference.Mode, Id(reference.Uid), Id(reference.Gid));
    }

    private static uint Id(string value)
        => uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
}
