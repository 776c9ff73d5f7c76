using System.Text.RegularExpressions;
using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Scheduling;

/// <summary>
/// One placement constraint, <c>key == value</c> or <c>key != value</c>, parsed and matched as SwarmKit's
/// <c>manager/constraint</c> does: keys are case-insensitive, label names case-sensitive, values compared
/// case-insensitively; a missing field or label compares as "" (so <c>!=</c> matches it); an unknown key parses
/// but never matches.
/// </summary>
public sealed partial class Constraint
{
    public const string NodeLabelPrefix = "node.labels.";
    public const string EngineLabelPrefix = "engine.labels.";

    private readonly ConstraintField field;
    private readonly string label;

    private Constraint(string key, ConstraintOperator op, string value)
    {
        Key = key;
        Operator = op;
        Value = value;
        (field, label) = Classify(key);
    }

    public string Key { get; }

    public ConstraintOperator Operator { get; }

    public string Value { get; }

    /// <exception cref="InvalidSpecException">The expression has no operator, or a malformed key or value.</exception>
    public static Constraint Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        // "==" is tried before "!=", as in SwarmKit, so "a==b!=c" fails on its value rather than its key.
        foreach (var (token, op) in Operators)
        {
            var at = expression.IndexOf(token, StringComparison.Ordinal);
            if (at < 0)
                continue;
            var key = expression[..at].Trim();
            if (!KeyPattern().IsMatch(key))
                throw new InvalidSpecException($"key '{key}' is invalid");
            var value = expression[(at + token.Length)..].Trim();
            if (!ValuePattern().IsMatch(value))
                throw new InvalidSpecException($"value '{value}' is invalid");
            return new Constraint(key, op, value);
        }
        throw new InvalidSpecException("constraint expected one operator from ==, !=");
    }

    /// <exception cref="InvalidSpecException">Any expression is invalid.</exception>
    public static IReadOnlyList<Constraint> ParseAll(IEnumerable<string> expressions)
        => expressions.Select(Parse).ToArray();

    public static bool MatchesAll(IReadOnlyList<Constraint> constraints, Node node)
    {
        foreach (var constraint in constraints)
        {
            if (!constraint.Matches(node))
                return false;
        }
        return true;
    }

    public bool Matches(Node node)
    {
        if (field == ConstraintField.Unknown)
            return false;
        string? actual = field switch
        {
            ConstraintField.Id => node.Id,
            ConstraintField.Hostname => node.Description?.Hostname,
            ConstraintField.Role => node.Role == NodeRole.Manager ? "manager" : "worker",
            ConstraintField.PlatformOs => node.Description?.Platform.OS,
            ConstraintField.PlatformArch => node.Description?.Platform.Architecture,
            ConstraintField.NodeLabel => node.Spec.Labels.GetValueOrDefault(label),
            ConstraintField.EngineLabel => node.Description?.EngineLabels.GetValueOrDefault(label),
            _ => null,
        };
        var equal = string.Equals(Value, actual ?? "", StringComparison.OrdinalIgnoreCase);
        return Operator == ConstraintOperator.Equal ? equal : !equal;
    }

    public override string ToString() => $"{Key}{(Operator == ConstraintOperator.Equal ? "==" : "!=")}{Value}";

    private static (ConstraintField, string) Classify(string key)
    {
        if (key.Equals("node.id", StringComparison.OrdinalIgnoreCase))
            return (ConstraintField.Id, "");
        if (key.Equals("node.hostname", StringComparison.OrdinalIgnoreCase))
            return (ConstraintField.Hostname, "");
        if (key.Equals("node.role", StringComparison.OrdinalIgnoreCase))
            return (ConstraintField.Role, "");
        if (key.Equals("node.platform.os", StringComparison.OrdinalIgnoreCase))
            return (ConstraintField.PlatformOs, "");
        if (key.Equals("node.platform.arch", StringComparison.OrdinalIgnoreCase))
            return (ConstraintField.PlatformArch, "");
        if (TryLabel(key, NodeLabelPrefix, out var name))
            return (ConstraintField.NodeLabel, name);
        if (TryLabel(key, EngineLabelPrefix, out name))
            return (ConstraintField.EngineLabel, name);
        return (ConstraintField.Unknown, "");
    }

    /// <summary>The prefix is matched case-insensitively; the label name keeps its case.</summary>
    internal static bool TryLabel(string key, string prefix, out string name)
    {
        var found = key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        name = found ? key[prefix.Length..] : "";
        return found;
    }

    private static readonly (string Token, ConstraintOperator Op)[] Operators =
        [("==", ConstraintOperator.Equal), ("!=", ConstraintOperator.NotEqual)];

    [GeneratedRegex(@"^[a-z_][a-z0-9\-_.]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    // No current or future operator characters (<, >, ~, =, !) may appear in a value.
    [GeneratedRegex(@"^[a-z0-9:\-_\s\.\*\(\)\?\+\[\]\\\^\$\|\/]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValuePattern();

    private enum ConstraintField { Unknown, Id, Hostname, Role, PlatformOs, PlatformArch, NodeLabel, EngineLabel }
}
