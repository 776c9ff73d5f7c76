using System.Globalization;
using System.Text;
using Swarm.Manager.LogBroker;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>
/// One log line as the Docker daemon writes it for service logs: "[time ][details ]line". Details are the line's
/// attributes, here the swarm context (node, service and task ids), as url-escaped key=value pairs sorted by key
/// and joined by commas. The docker CLI always asks for details and builds its "name.slot.task@node |" prefix from
/// them, so each frame must hold exactly one such line.
/// </summary>
internal static class LogLineFormat
{
    public static byte[] Format(LogEntry entry, string serviceId, bool timestamps, bool details)
    {
        var prefix = new StringBuilder();
        if (timestamps)
            prefix.Append(Timestamp(entry.Time)).Append(' ');
        if (details)
        {
            prefix.Append("com.docker.swarm.node.id=").Append(Uri.EscapeDataString(entry.NodeId))
                .Append(",com.docker.swarm.service.id=").Append(Uri.EscapeDataString(serviceId))
                .Append(",com.docker.swarm.task.id=").Append(Uri.EscapeDataString(entry.TaskId))
                .Append(' ');
        }
        var head = Encoding.UTF8.GetBytes(prefix.ToString());
        var line = new byte[head.Length + entry.Data.Length];
        head.CopyTo(line, 0);
        entry.Data.Span.CopyTo(line.AsSpan(head.Length));
        return line;
    }

    /// <summary>Go's RFC3339NanoFixed in UTC: nine fraction digits always (.NET keeps 100 ns, so the last two are 0).</summary>
    public static string Timestamp(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);
}
