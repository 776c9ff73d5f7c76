using System.Diagnostics.Tracing;
using System.Globalization;

namespace Swarm.Store.NodeHost.Diagnostics;

/// <summary>
/// One line per collection (generation, reason, pause, promoted bytes) appended to a file, when the environment
/// variable <c>SWARM_STORE_GC_TRACE</c> names one: to see which collections make the commit latency's tail.
/// </summary>
internal sealed class GcTrace : EventListener
{
    public const string Variable = "SWARM_STORE_GC_TRACE";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly StreamWriter output;
    private readonly Lock gate = new();
    private DateTime suspendedAt;
    private long gcIndex;
    private int generation;
    private int reason;
    private int type;
    private ulong promoted0;
    private ulong promoted1;
    private ulong gen2Size;

    private GcTrace(string path)
    {
        output = new StreamWriter(path, append: true) { AutoFlush = true };
        // Sources created before the constructor finished were offered to OnEventSourceCreated already.
        foreach (var source in EventSource.GetSources())
            Enable(source);
    }

    public static GcTrace? StartIfAsked()
        => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? new GcTrace(path) : null;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor, before output exists; the constructor enables those itself.
        if (output is not null)
            Enable(eventSource);
    }

    private void Enable(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        lock (gate)
        {
            switch (e.EventName)
            {
                case "GCSuspendEEBegin_V1":
                    suspendedAt = e.TimeStamp;
                    break;
                case "GCStart_V2":
                    gcIndex = Convert.ToInt64(e.Payload![0], CultureInfo.InvariantCulture);
                    generation = Convert.ToInt32(e.Payload[1], CultureInfo.InvariantCulture);
                    reason = Convert.ToInt32(e.Payload[2], CultureInfo.InvariantCulture);
                    type = Convert.ToInt32(e.Payload[3], CultureInfo.InvariantCulture);
                    break;
                case "GCHeapStats_V2":
                    promoted0 = Convert.ToUInt64(e.Payload![1], CultureInfo.InvariantCulture);
                    promoted1 = Convert.ToUInt64(e.Payload[3], CultureInfo.InvariantCulture);
                    gen2Size = Convert.ToUInt64(e.Payload[4], CultureInfo.InvariantCulture);
                    break;
                case "GCRestartEEEnd_V1":
                    var pause = (e.TimeStamp - suspendedAt).TotalMilliseconds;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{Environment.ProcessId} {e.TimeStamp:HH:mm:ss.fff} gc#{gcIndex} gen{generation} reason{reason} type{type} pause {pause:0.00} ms promoted0 {promoted0 / 1024} KiB promoted1 {promoted1 / 1024} KiB gen2 {gen2Size / 1024 / 1024} MiB"));
                    break;
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        output.Dispose();
    }
}
