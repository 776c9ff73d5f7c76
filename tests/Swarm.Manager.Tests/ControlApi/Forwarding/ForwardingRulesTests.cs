using Swarm.Manager.ControlApi.Forwarding;

namespace Swarm.Manager.Tests.ControlApi.Forwarding;

public sealed class ForwardingRulesTests
{
    [Theory]
    [InlineData("/swarm/leave", true)]
    [InlineData("/v1.41/swarm/leave?force=1", true)]
    [InlineData("/v1.24/swarm/join", true)]
    [InlineData("/swarm/init/", true)]
    [InlineData("/SWARM/UNLOCK", true)]
    [InlineData("/swarm/update?version=3", false)]
    [InlineData("/v1.41/services/create", false)]
    [InlineData("/volumes/swarm/leave", false)]
    public void IsNodeLocal_NamesRequestsAboutTheReceivingNode(string pathAndQuery, bool expected)
        => Assert.Equal(expected, ForwardingRules.IsNodeLocal(pathAndQuery));

    [Theory]
    [InlineData("/v1.41/services/create", true)]
    [InlineData("//evil.example/x", false)]
    [InlineData("http://evil.example/x", false)]
    [InlineData("/\\evil", false)]
    [InlineData("", false)]
    public void IsLocalPath_AcceptsOnlyAbsolutePathsOfThisApi(string pathAndQuery, bool expected)
        => Assert.Equal(expected, ForwardingRules.IsLocalPath(pathAndQuery));
}
