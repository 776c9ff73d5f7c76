using System.Text.Json;
using Swarm.Api.Errors;
using Swarm.Engine.Images;

namespace Swarm.Engine.Api;

/// <summary>
/// `docker import --change`: the Dockerfile instructions that make sense for an imported rootfs — CMD,
/// ENTRYPOINT (JSON or shell form), ENV, WORKDIR, USER, LABEL, STOPSIGNAL. Anything else is refused, not ignored.
/// </summary>
internal static class ImportChanges
{
    public static ImageConfig Apply(IEnumerable<string> changes)
    {
        var config = new ImageConfig();
        foreach (var change in changes.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            var trimmed = change.Trim();
            var space = trimmed.IndexOfAny([' ', '\t']);
            if (space < 0)
                throw new InvalidSpecException($"invalid change \"{change}\": an instruction needs arguments");
            var instruction = trimmed[..space].ToUpperInvariant();
            var rest = trimmed[(space + 1)..].Trim();
            config = instruction switch
            {
                "CMD" => config with { Cmd = Command(rest) },
                "ENTRYPOINT" => config with { Entrypoint = Command(rest) },
                "ENV" => config with { Env = [.. config.Env ?? [], .. Pairs(rest, "ENV").Select(p => $"{p.Key}={p.Value}")] },
                "LABEL" => config with { Labels = new Dictionary<string, string>(config.Labels ?? [], StringComparer.Ordinal).Also(Pairs(rest, "LABEL")) },
                "WORKDIR" => config with { WorkingDir = rest },
                "USER" => config with { User = rest },
                "STOPSIGNAL" => config with { StopSignal = rest },
                _ => throw new InvalidSpecException($"{instruction} is not a valid change command for import (CMD, ENTRYPOINT, ENV, LABEL, WORKDIR, USER, STOPSIGNAL)"),
            };
        }

        return config;
    }

    /// <summary>["a","b"] (exec form) or a shell command, run by /bin/sh -c as Docker does.</summary>
    private static string[] Command(string text)
    {
        if (!text.StartsWith('['))
            return ["/bin/sh", "-c", text];
        try
        {
            return JsonSerializer.Deserialize<string[]>(text) ?? throw new InvalidSpecException($"invalid JSON array {text}");
        }
        catch (JsonException)
        {
            throw new InvalidSpecException($"invalid JSON array {text}");
        }
    }

    /// <summary>"k=v k2=v2" or the legacy "k v" form.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Pairs(string text, string instruction)
    {
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
                throw new InvalidSpecException($"{instruction} needs a value: {text}");
            return [new(text[..space], text[(space + 1)..].Trim())];
        }

        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new InvalidSpecException($"{instruction} expects key=value, not \"{pair}\"");
            return new KeyValuePair<string, string>(pair[..eq], pair[(eq + 1)..].Trim('"'));
        }).ToList();
    }

    private static Dictionary<string, string> Also(this Dictionary<string, string> labels, IEnumerable<KeyValuePair<string, string>> more)
    {
        foreach (var (key, value) in more)
            labels[key] = value;
        return labels;
    }
}
