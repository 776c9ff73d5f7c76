using Swarm.Api.Objects;

namespace Swarm.Api.Tests.Objects;

public class IdsTests
{
    [Fact]
    public void New_Has25LowercaseBase36Characters()
    {
        var id = Ids.New();

        Assert.Equal(25, id.Length);
        Assert.All(id, c => Assert.True(char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)));
    }

    [Fact]
    public void New_IsUnique()
        => Assert.Equal(10_000, Enumerable.Range(0, 10_000).Select(_ => Ids.New()).Distinct().Count());
}
