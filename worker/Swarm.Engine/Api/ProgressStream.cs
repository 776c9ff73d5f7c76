using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Images.Registry;

namespace Swarm.Engine.Api;

/// <summary>
/// Docker's JSON progress stream: one JSON object per line, flushed as it comes. The registry client reports from
/// several transfers at once, so events queue through a channel and one writer serialises them. A failure after
/// the 200 went out is an `error` line, which the CLI prints and exits non-zero on.
/// </summary>
internal sealed class ProgressStream : IProgress<TransferProgress>
{
    private readonly Channel<ProgressLine> lines = Channel.CreateUnbounded<ProgressLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<TransferProgress, ProgressLine?> map;

    public ProgressStream(Func<TransferProgress, ProgressLine?> map) => this.map = map;

    public void Report(TransferProgress value)
    {
        if (map(value) is { } line)
            lines.Writer.TryWrite(line);
    }

    public void Write(ProgressLine line) => lines.Writer.TryWrite(line);

    /// <summary>Runs <paramref name="work"/> while streaming its progress to the response; errors become an error line.</summary>
    public async Task RunAsync(HttpContext http, Func<CancellationToken, Task> work)
    {
        http.Response.ContentType = "application/json";
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted); // headers now: clients wait for them before going on
        var writer = WriteAllAsync(http);
        try
        {
            await work(http.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            Write(ProgressLine.Failure(e.Message));
        }
        finally
        {
            lines.Writer.TryComplete();
        }
        await writer;
    }

    private async Task WriteAllAsync(HttpContext http)
    {
        await foreach (var line in lines.Reader.ReadAllAsync(http.RequestAborted))
        {
            await JsonSerializer.SerializeAsync(http.Response.Body, line, EngineJson.Lines, http.RequestAborted);
            await http.Response.WriteAsync("\r\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }
    }

    /// <summary>Docker's progress bar text, e.g. "[=====>      ]  1.2MB/2.5MB".</summary>
    public static string Bar(long current, long total)
    {
        if (total <= 0)
            return Size(current);
        var filled = (int)Math.Clamp(50 * current / total, 0, 50);
        var bar = new string('=', filled) + (filled < 50 ? ">" + new string(' ', 49 - filled) : "");
        return $"[{bar}] {Size(current),8}/{Size(total)}";
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1000 => $"{bytes}B",
        < 1000_000 => $"{bytes / 1000.0:0.##}kB",
        < 1000_000_000 => $"{bytes / 1000_000.0:0.##}MB",
        _ => $"{bytes / 1000_000_000.0:0.##}GB",
    };
}
