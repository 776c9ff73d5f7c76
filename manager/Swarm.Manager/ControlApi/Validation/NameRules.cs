using System.Text.RegularExpressions;
using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi.Validation;

/// <summary>Swarm's name rules: services are DNS labels (underscores allowed, for stacks); secrets/configs ≤ 64.</summary>
internal static partial class NameRules
{
    public const int MaxServiceName = 63;
    public const int MaxObjectName = 64;

    public static void CheckService(string name)
    {
        if (name.Length == 0)
            throw new InvalidSpecException("meta: name must be provided");
        if (name.Length > MaxServiceName)
            throw new InvalidSpecException($"name '{name}' is too long: a service name is at most {MaxServiceName} characters");
        if (!DnsLabel().IsMatch(name))
            throw new InvalidSpecException($"name '{name}' must be valid as a DNS name component (letters, digits, '-' and '_', starting and ending with a letter or digit)");
    }

    /// <summary>Secrets and configs: letters and digits, with '-', '_' and '.' inside.</summary>
    public static void CheckObject(string kind, string name)
    {
        if (name.Length == 0)
            throw new InvalidSpecException($"{kind}: name must be provided");
        if (name.Length > MaxObjectName || !ObjectName().IsMatch(name))
            throw new InvalidSpecException(
                $"invalid {kind} name '{name}': at most {MaxObjectName} characters, only [a-zA-Z0-9-_.] allowed, starting and ending with a letter or digit");
    }

    public static void CheckNetwork(string name)
    {
        if (name.Length == 0)
            throw new InvalidSpecException("network: name must be provided");
        if (name is "bridge" or "host" or "none" or "docker_gwbridge")
            throw new InvalidSpecException($"{name} is a pre-defined network and cannot be created");
        if (name.Length > MaxServiceName || !ObjectName().IsMatch(name))
            throw new InvalidSpecException($"invalid network name '{name}': at most {MaxServiceName} characters, only [a-zA-Z0-9-_.] allowed");
    }

    [GeneratedRegex("^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectName();
}
