using System.Globalization;
using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init;

/// <summary>The process identity from "user[:group]" (names or numbers), resolved in the container's /etc files.</summary>
internal sealed record Identity(uint Uid, uint Gid, uint[] Groups, string Home)
{
    public static Identity Resolve(string user)
    {
        var passwd = ReadTable("/etc/passwd");
        var groups = ReadTable("/etc/group");
        var parts = user.Split(':', 2);
        var userPart = parts[0].Length == 0 ? "0" : parts[0];

        var entry = passwd.FirstOrDefault(p => p.Length > 3 && (p[0] == userPart || p[2] == userPart));
        uint uid;
        if (entry is not null)
            uid = uint.Parse(entry[2], CultureInfo.InvariantCulture);
        else if (!uint.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out uid))
            throw new InitException($"unable to find user {userPart}: no matching entries in passwd file");

        var gid = entry is not null ? uint.Parse(entry[3], CultureInfo.InvariantCulture) : 0u;
        if (parts.Length == 2 && parts[1].Length > 0)
        {
            var group = groups.FirstOrDefault(g => g.Length > 2 && (g[0] == parts[1] || g[2] == parts[1]));
            if (group is not null)
                gid = uint.Parse(group[2], CultureInfo.InvariantCulture);
            else if (!uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out gid))
                throw new InitException($"unable to find group {parts[1]}: no matching entries in group file");
        }

        // Supplementary groups: the groups that list the user by name (only when no explicit group was given).
        var name = entry?[0];
        var extra = parts.Length == 2 || name is null
            ? []
            : groups.Where(g => g.Length > 3 && g[3].Split(',').Contains(name))
                .Select(g => uint.Parse(g[2], CultureInfo.InvariantCulture)).Where(g => g != gid);
        var home = entry is not null && entry.Length > 5 && entry[5].Length > 0 ? entry[5] : "/";
        return new Identity(uid, gid, [gid, .. extra], home);
    }

    /// <summary>Docker sets HOME from the passwd entry when the image and user did not.</summary>
    public static List<string> WithHome(IReadOnlyList<string> env, Identity identity)
    {
        var result = env.ToList();
        if (!result.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal)))
            result.Add("HOME=" + identity.Home);
        if (!result.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)))
            result.Add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        return result;
    }

    private static List<string[]> ReadTable(string path)
    {
        try
        {
            return File.ReadAllLines(path).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(':')).ToList();
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
