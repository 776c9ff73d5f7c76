using Swarm.Api.Errors;

namespace Swarm.Engine.Runtime;

/// <summary>
/// Docker's merge rules: an overridden entrypoint drops the image's cmd unless cmd is also given; env entries
/// override the image's by name; a healthcheck of ["NONE"] disables the image's; labels merge, user wins.
/// </summary>
public static class ContainerConfigMerger
{
    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static MergedProcessConfig Merge(ImageRuntimeConfig image, ContainerOverrides overrides)
    {
        var entrypoint = overrides.Entrypoint ?? image.Entrypoint ?? [];
        var cmd = overrides.Cmd ?? (overrides.Entrypoint is not null ? [] : image.Cmd ?? []);
        var args = entrypoint.Concat(cmd).ToList();
        if (args.Count == 0)
            throw new InvalidSpecException("no command specified");

        var healthcheck = overrides.Healthcheck ?? image.Healthcheck;
        if (healthcheck is { Test: [var first, ..] } && first == "NONE")
            healthcheck = null;

        var labels = new Dictionary<string, string>(image.Labels, StringComparer.Ordinal);
        foreach (var (key, value) in overrides.Labels)
            labels[key] = value;

        return new MergedProcessConfig(
            args,
            MergeEnv(image.Env, overrides.Env),
            string.IsNullOrEmpty(overrides.WorkingDir) ? (image.WorkingDir.Length > 0 ? image.WorkingDir : "/") : overrides.WorkingDir,
            overrides.User ?? image.User,
            overrides.StopSignal ?? image.StopSignal ?? "SIGTERM",
            healthcheck,
            labels);
    }

    /// <summary>Image env first, then overrides replacing by key in place or appended; PATH defaulted.</summary>
    public static IReadOnlyList<string> MergeEnv(IEnumerable<string> image, IEnumerable<string> overrides)
    {
        var result = new List<string>();
        foreach (var entry in image.Concat(overrides))
        {
            var key = Key(entry);
            var index = result.FindIndex(e => Key(e) == key);
            if (index >= 0)
                result[index] = entry;
            else
                result.Add(entry);
        }

        if (!result.Exists(e => Key(e) == "PATH"))
            result.Insert(0, DefaultPath);
        return result;
    }

    private static string Key(string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? entry : entry[..eq];
    }
}
