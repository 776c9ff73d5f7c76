using System.Xml.Linq;

namespace Swarm.Architecture.Tests;

/// <summary>The production projects of the repository and the projects each one references, read from csproj files.</summary>
public static class ProjectGraph
{
    private static readonly string[] ProductionFolders = ["api", "raft-store", "manager", "worker", "overlay", "cli"];

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Swarm.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Swarm.sln not found above the test binaries");
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Load()
    {
        var root = RepositoryRoot();
        return ProductionFolders
            .Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), References);
    }

    private static IReadOnlyList<string> References(string csproj) => XDocument.Load(csproj)
        .Descendants("ProjectReference")
        .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
        .ToList();
}
