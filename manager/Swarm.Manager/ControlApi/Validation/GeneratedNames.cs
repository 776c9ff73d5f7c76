namespace Swarm.Manager.ControlApi.Validation;

/// <summary>A service created without a name gets one, as Swarm does ("adjective_noun").</summary>
internal static class GeneratedNames
{
    private static readonly string[] Adjectives =
    [
        "brave", "calm", "eager", "fervent", "gentle", "happy", "jolly", "keen", "lucid", "merry",
        "nifty", "quirky", "serene", "sharp", "tender", "vibrant", "wise", "zealous",
    ];

    private static readonly string[] Nouns =
    [
        "babbage", "curie", "dijkstra", "euclid", "faraday", "gauss", "hopper", "kepler", "lovelace", "newton",
        "noether", "pascal", "ritchie", "shannon", "tesla", "turing", "volta", "wozniak",
    ];

    public static string Next() => $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}_{Nouns[Random.Shared.Next(Nouns.Length)]}";
}
