using Swarm.Agent.Sessions;
using Swarm.Api.Dispatch;

namespace Swarm.Agent.Tests.Sessions;

public sealed class ManagerAddressBookTests
{
    [Fact]
    public void Failed_Current_MovesAroundTheRing()
    {
        var book = new ManagerAddressBook(["a:1", "b:1"]);

        var first = book.Next();
        book.Failed(first);
        var second = book.Next();
        book.Failed(second);

        Assert.Equal(["a:1", "b:1", "a:1"], [first, second, book.Next()]);
    }

    [Fact]
    public void LeaderIs_UnknownAddress_GoesThereNextAndRemembersIt()
    {
        var book = new ManagerAddressBook(["a:1"]);

        book.LeaderIs("c:1");

        Assert.Equal("c:1", book.Next());
        Assert.Equal("c:1", book.Next());
        Assert.Equal(["a:1", "c:1"], book.Addresses);
    }

    [Fact]
    public void Learn_ReportedPeers_AddsNewOnesKeepingOrder()
    {
        var book = new ManagerAddressBook(["a:1", "b:1"]);

        book.Learn([new ManagerPeer { Addr = "b:1" }, new ManagerPeer { Addr = "c:1", Leader = true }, new ManagerPeer { Addr = "" }]);

        Assert.Equal(["a:1", "b:1", "c:1"], book.Addresses);
    }

    [Fact]
    public void New_NoSeeds_Refused() => Assert.Throws<ArgumentException>(() => new ManagerAddressBook([]));
}
