using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;
using static Swarm.Manager.Planning.Tests.Scheduling.TestCluster;

namespace Swarm.Manager.Planning.Tests.Scheduling;

public sealed class TaskGroupPlacerTests
{
    private static Node Zoned(string id, string zone, long memory = 8 * GiB)
        => Node(id, memory: memory, labels: Labels(("zone", zone)));

    private static SwarmTask[] Spread(int count, params string[] preferences)
        => Tasks(count, make: (id, slot) => Task(id, slot: slot, spread: preferences));

    private static Dictionary<string, int> ByLabel(NodeSet set, SchedulingPlan plan, string label)
        => plan.Assignments.GroupBy(a => set.Find(a.NodeId)!.Node.Spec.Labels.GetValueOrDefault(label, ""))
            .ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void Place_NoPreferences_FillsNodesEvenly()
    {
        var set = Set([Node("a"), Node("b"), Node("c")]);

        var plan = new TaskGroupPlacer().Place(set, Tasks(7));

        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 2, ["c"] = 2 }, CountByNode(plan));
        Assert.Empty(plan.Unschedulable);
    }

    [Fact]
    public void Place_NodesAlreadyBusy_FewestServiceTasksFirstThenFewestTotal()
    {
        var running = (string id, string node, string service) => Task(id, service, node: node, state: TaskState.Running);
        var set = Set([Node("a"), Node("b"), Node("c")],
            running("1", "a", "svc"), running("2", "a", "svc"),
            running("x", "b", "other"), running("y", "b", "other"));

        var plan = new TaskGroupPlacer().Place(set, Tasks(3));

        // c is emptiest; b has no svc task but two others, so it comes after c; a already has two of svc.
        Assert.Equal(["c", "b", "c"], plan.Assignments.Select(a => a.NodeId));
    }

    [Fact]
    public void Place_SpreadOverZones_EvenSplitWhateverTheNodeCount()
    {
        var set = Set([Zoned("a1", "a"), Zoned("b1", "b"), Zoned("b2", "b"), Zoned("b3", "b"), Zoned("c1", "c"), Zoned("c2", "c")]);

        var plan = new TaskGroupPlacer().Place(set, Spread(9, "node.labels.zone"));

        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 3, ["c"] = 3 }, ByLabel(set, plan, "zone"));
        Assert.Equal(3, CountByNode(plan)["a1"]);
    }

    [Fact]
    public void Place_SpreadWithExistingTasks_FillsEmptierZonesFirst()
    {
        var set = Set([Zoned("a1", "a"), Zoned("b1", "b"), Zoned("c1", "c")],
            Task("r1", node: "a1", state: TaskState.Running), Task("r2", node: "a1", state: TaskState.Running));

        var plan = new TaskGroupPlacer().Place(set, Spread(4, "node.labels.zone"));

        Assert.Equal(new Dictionary<string, int> { ["b"] = 2, ["c"] = 2 }, ByLabel(set, plan, "zone"));
    }

    [Fact]
    public void Place_NodesWithoutLabel_FormTheirOwnBranch()
    {
        var set = Set([Zoned("a1", "a"), Zoned("a2", "a"), Node("x1"), Node("x2")]);

        var plan = new TaskGroupPlacer().Place(set, Spread(4, "node.labels.zone"));

        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, [""] = 2 }, ByLabel(set, plan, "zone"));
    }

    [Fact]
    public void Place_TwoLevelSpread_EvenPerDatacenterThenPerRack()
    {
        Node Rack(string id, string dc, string rack) => Node(id, labels: Labels(("dc", dc), ("rack", rack)));
        var set = Set([
            Rack("e1", "east", "r1"), Rack("e2", "east", "r1"), Rack("e3", "east", "r1"), Rack("e4", "east", "r2"),
            Rack("w1", "west", "r3"), Rack("w2", "west", "r4"), Rack("w3", "west", "r5"),
        ]);

        var plan = new TaskGroupPlacer().Place(set, Spread(12, "node.labels.dc", "node.labels.rack"));

        Assert.Equal(new Dictionary<string, int> { ["east"] = 6, ["west"] = 6 }, ByLabel(set, plan, "dc"));
        Assert.Equal(new Dictionary<string, int> { ["r1"] = 3, ["r2"] = 3, ["r3"] = 2, ["r4"] = 2, ["r5"] = 2 },
            ByLabel(set, plan, "rack"));
        Assert.Equal(3, CountByNode(plan)["e4"]); // alone in its rack, it takes the rack's whole share
    }

    [Fact]
    public void Place_ZoneRunsOutOfRoom_RestGoesToOtherZones()
    {
        var set = Set([Zoned("a1", "a", memory: GiB), Zoned("b1", "b"), Zoned("b2", "b")]);
        var group = Tasks(6, make: (id, slot) => Task(id, slot: slot, memory: GiB, spread: ["node.labels.zone"]));

        var plan = new TaskGroupPlacer().Place(set, group);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 5 }, ByLabel(set, plan, "zone"));
        Assert.Empty(plan.Unschedulable);
    }

    [Fact]
    public void Place_ReservationsWithinBatch_StopWhenNodesAreFull()
    {
        var set = Set([Node("a", memory: 3 * GiB), Node("b", memory: 3 * GiB)]);
        var group = Tasks(7, make: (id, slot) => Task(id, slot: slot, memory: GiB));

        var plan = new TaskGroupPlacer().Place(set, group);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 3 }, CountByNode(plan));
        var unplaced = Assert.Single(plan.Unschedulable);
        Assert.Equal(group[6].Id, unplaced.TaskId);
        Assert.Equal("no suitable node (insufficient resources on 2 nodes)", unplaced.Explanation);
        Assert.Equal(0, set.Find("a")!.AvailableMemoryBytes);
    }

    [Fact]
    public void Place_MaxReplicasPerNode_CapsEachNode()
    {
        var set = Set([Node("a"), Node("b"), Node("c")]);
        var group = Tasks(7, make: (id, slot) => Task(id, slot: slot, maxReplicas: 2));

        var plan = new TaskGroupPlacer().Place(set, group);

        Assert.All(CountByNode(plan).Values, count => Assert.Equal(2, count));
        Assert.Equal("no suitable node (max replicas per node limit exceed)", Assert.Single(plan.Unschedulable).Explanation);
    }

    [Fact]
    public void Place_HostModePort_OneTaskPerNode()
    {
        var set = Set([Node("a"), Node("b"), Node("c", state: NodeState.Down)],
            Task("web", service: "other", node: "a", state: TaskState.Running, hostPort: 8080));
        var group = Tasks(3, make: (id, slot) => Task(id, slot: slot, hostPort: 8080));

        var plan = new TaskGroupPlacer().Place(set, group);

        Assert.Equal(["b"], plan.Assignments.Select(a => a.NodeId));
        Assert.Equal(2, plan.Unschedulable.Count);
        Assert.All(plan.Unschedulable, u => Assert.Equal(
            "no suitable node (host-mode port already in use on 2 nodes; 1 node not available for new tasks)", u.Explanation));
    }

    [Fact]
    public void Place_NoEligibleNode_EveryTaskExplained()
    {
        var set = Set([Node("a", role: NodeRole.Manager), Node("b", availability: NodeAvailability.Drain)]);
        var group = Tasks(2, make: (id, slot) => Task(id, slot: slot, constraints: ["node.role==worker"]));

        var plan = new TaskGroupPlacer().Place(set, group);

        Assert.Empty(plan.Assignments);
        Assert.All(plan.Unschedulable, u => Assert.Equal(
            "no suitable node (1 node not available for new tasks; scheduling constraints not satisfied on 1 node)",
            u.Explanation));
    }

    [Fact]
    public void Place_FaultyNode_AvoidedWhileOthersQualify()
    {
        var failures = Enumerable.Range(0, 5)
            .Select(i => Task($"f{i}", node: "a", state: TaskState.Failed, timestamp: Now.AddMinutes(-2)));
        var set = Set([Node("a"), Node("b")], [.. failures, Task("r", node: "b", state: TaskState.Running)]);

        var plan = new TaskGroupPlacer().Place(set, Tasks(3));

        Assert.All(plan.Assignments, a => Assert.Equal("b", a.NodeId));
    }

    [Fact]
    public void Place_EmptyGroup_EmptyPlan()
    {
        Assert.Same(SchedulingPlan.Empty, new TaskGroupPlacer().Place(Set([Node("a")]), []));
    }
}
