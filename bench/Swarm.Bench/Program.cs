using Swarm.Bench;
using Swarm.Bench.Scenarios;

// Every scenario the bench knows, by name; adding one is one file under Scenarios/ and one line here.
IScenario[] scenarios = [new StoreScenario(), new SchedulerScenario(), new EnginePullScenario(), new EngineScenario(), new ControlPlaneScenario()];

var chosen = args.Length == 1 ? scenarios.FirstOrDefault(s => s.Name == args[0]) : null;
if (chosen is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Swarm.Bench -- <scenario>");
    foreach (var scenario in scenarios)
        Console.Error.WriteLine($"  {scenario.Name,-14} {scenario.Description}");
    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // unwind normally, so every node process is killed and every directory deleted
    interrupted.Cancel();
};
await chosen.RunAsync(new BenchOutput(Console.Out, Console.Error), interrupted.Token);
return 0;
