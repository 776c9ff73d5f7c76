using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class ConstraintTests
{
    [Theory]
    [InlineData("node.role==manager", "node.role", ConstraintOperator.Equal, "manager")]
    [InlineData("  node.labels.zone  !=  z9 ", "node.labels.zone", ConstraintOperator.NotEqual, "z9")]
    [InlineData("engine.labels.storage==ssd", "engine.labels.storage", ConstraintOperator.Equal, "ssd")]
    [InlineData("node.hostname==web-1.example.com", "node.hostname", ConstraintOperator.Equal, "web-1.example.com")]
    [InlineData("node.labels.path==/var/lib:x", "node.labels.path", ConstraintOperator.Equal, "/var/lib:x")]
    public void Parse_ValidExpression_SplitsKeyOperatorValue(string expression, string key, ConstraintOperator op, string value)
    {
        var constraint = Constraint.Parse(expression);

        Assert.Equal(key, constraint.Key);
        Assert.Equal(op, constraint.Operator);
        Assert.Equal(value, constraint.Value);
    }

    [Theory]
    [InlineData("node.role=manager", "constraint expected one operator from ==, !=")]
    [InlineData("node.role", "constraint expected one operator from ==, !=")]
    [InlineData("node.role>manager", "constraint expected one operator from ==, !=")]
    [InlineData("==manager", "key '' is invalid")]
    [InlineData("node role==manager", "key 'node role' is invalid")]
    [InlineData("9node==x", "key '9node' is invalid")]
    [InlineData("node.role==", "value '' is invalid")]
    [InlineData("node.role==a<b", "value 'a<b' is invalid")]
    [InlineData("node.role==a==b", "value 'a==b' is invalid")]
    [InlineData("node.labels.a==b!=c", "value 'b!=c' is invalid")]
    public void Parse_InvalidExpression_ThrowsInvalidSpecWithSwarmMessage(string expression, string message)
    {
        var error = Assert.Throws<InvalidSpecException>(() => Constraint.Parse(expression));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ParseAll_OneBadExpression_Throws()
    {
        Assert.Throws<InvalidSpecException>(() => Constraint.ParseAll(["node.role==worker", "bogus"]));
    }

    [Theory]
    [InlineData("node.id==n1", true)]
    [InlineData("node.id!=n1", false)]
    [InlineData("node.hostname==WEB1", true)] // values compare case-insensitively
    [InlineData("NODE.HOSTNAME==web1", true)] // and so do keys
    [InlineData("node.role==worker", true)]
    [InlineData("node.role==manager", false)]
    [InlineData("node.platform.os==linux", true)]
    [InlineData("node.platform.arch!=x86_64", false)]
    [InlineData("node.labels.zone==eu-1", true)]
    [InlineData("Node.Labels.zone==eu-1", true)]
    [InlineData("node.labels.Zone==eu-1", false)] // label names are case-sensitive: missing label is ""
    [InlineData("node.labels.missing!=x", true)]
    [InlineData("node.labels.missing==x", false)]
    [InlineData("engine.labels.disk==ssd", true)]
    [InlineData("engine.labels.disk!=ssd", false)]
    [InlineData("node.unknown==x", false)] // parses, never matches
    [InlineData("node.unknown!=x", false)]
    public void Matches_NodeField_ComparesAsSwarmKit(string expression, bool expected)
    {
        var node = Node("n1", hostname: "web1", labels: Labels(("zone", "eu-1")), engineLabels: Labels(("disk", "ssd")));

        Assert.Equal(expected, Constraint.Parse(expression).Matches(node));
    }

    [Fact]
    public void Matches_NodeWithoutDescription_TreatsHostnameAsEmpty()
    {
        var node = new Node { Id = "n1" };

        Assert.True(Constraint.Parse("node.hostname!=web1").Matches(node));
        Assert.False(Constraint.Parse("node.hostname==web1").Matches(node));
    }

    [Fact]
    public void MatchesAll_OneConstraintFails_ReturnsFalse()
    {
        var node = Node("n1", role: NodeRole.Manager);
        var constraints = Constraint.ParseAll(["node.id==n1", "node.role==worker"]);

        Assert.False(Constraint.MatchesAll(constraints, node));
        Assert.True(Constraint.MatchesAll(constraints.Take(1).ToArray(), node));
    }
}
