using System.Security.Cryptography;

namespace Swarm.Engine.Api;

/// <summary>Docker-style generated names (`adjective_surname`) for containers created without --name.</summary>
internal static class ContainerNames
{
    private static readonly string[] Adjectives =
        ["brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "keen", "lucid", "merry", "nifty", "proud", "quiet", "sharp", "tender", "vivid"];

    private static readonly string[] Surnames =
        ["babbage", "curie", "dijkstra", "euler", "franklin", "galois", "hopper", "knuth", "lamport", "lovelace", "noether", "pascal", "ritchie", "shannon", "turing", "wozniak"];

    public static string Generate(Func<string, bool> taken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)]}_{Surnames[RandomNumberGenerator.GetInt32(Surnames.Length)]}";
            if (attempt > 8)
                name += RandomNumberGenerator.GetInt32(1000);
            if (!taken(name))
                return name;
        }
    }

    public static bool IsValid(string name)
        => name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
