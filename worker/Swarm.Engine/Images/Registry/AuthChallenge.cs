namespace Swarm.Engine.Images.Registry;

/// <summary>A parsed `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.</summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return null;
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = space < 0 ? "" : header[(space + 1)..];
        var i = 0;
        while (i < rest.Length)
        {
            while (i < rest.Length && (rest[i] == ',' || rest[i] == ' '))
                i++;
            var eq = rest.IndexOf('=', i);
            if (eq < 0)
                break;
            var key = rest[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < rest.Length && rest[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < rest.Length && rest[i] != '"')
                {
                    if (rest[i] == '\\' && i + 1 < rest.Length)
                        i++;
                    sb.Append(rest[i++]);
                }
                i++;
                value = sb.ToString();
            }
            else
            {
                var end = rest.IndexOf(',', i);
                if (end < 0)
                    end = rest.Length;
                value = rest[i..end].Trim();
                i = end;
            }
            parameters[key] = value;
        }
        return new AuthChallenge(scheme, parameters);
    }

    public string? this[string key] => Parameters.TryGetValue(key, out var v) ? v : null;
}
