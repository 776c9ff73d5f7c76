using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Swarm.Engine.Api;

/// <summary>
/// Kestrel will not upgrade a request that has a body, but `docker exec` sends its start options
/// (`{"Detach":false,"Tty":false}`) on the very `Upgrade: tcp` request it hijacks, and fails unless it gets 101.
/// This connection middleware drops such a body (and its Content-Length) from the first request of a connection,
/// the only place the CLI puts a hijack request, so Kestrel sees an ordinary upgrade. It also hides the CLI's
/// half-close (it shuts down its sending side at once when there is no stdin): Kestrel takes that FIN for a
/// closed connection and would drop the output still to come.
/// </summary>
public static class UpgradeBodyConnection
{
    private const int MaxHead = 16 * 1024;

    public static ListenOptions UseDockerUpgradeFix(this ListenOptions listen)
    {
        listen.Use(next => async connection =>
        {
            var original = connection.Transport;
            var rewritten = await RewriteFirstRequestAsync(original.Input, connection.ConnectionClosed);
            if (rewritten is null)
            {
                await next(connection);
                return;
            }

            var pipe = new Pipe();
            await pipe.Writer.WriteAsync(rewritten, connection.ConnectionClosed);
            using var stop = new CancellationTokenSource(); // not ConnectionClosed: the transport fires it at the client's FIN
            var input = new ClientInput();
            connection.Items[typeof(ClientInput)] = input;
            var pump = PumpAsync(original.Input, pipe.Writer, input, stop.Token);
            connection.Transport = new DuplexPipe(pipe.Reader, original.Output);
            // The socket transport signals ConnectionClosed at the FIN, and Kestrel's HTTP layer aborts the response
            // on it. Hidden here; a client that is really gone still fails the next write.
            var closed = connection.ConnectionClosed;
            connection.ConnectionClosed = CancellationToken.None;
            try
            {
                await next(connection);
            }
            finally
            {
                await stop.CancelAsync();
                await pump;
                connection.Transport = original;
                connection.ConnectionClosed = closed;
            }
        });
        return listen;
    }

    /// <summary>An upgrade request's bytes (head without Content-Length and body), or null for any other request.</summary>
    private static async Task<byte[]?> RewriteFirstRequestAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var bytes = buffer.Slice(0, Math.Min(buffer.Length, MaxHead)).ToArray();
            var (end, endLength) = FindHeadEnd(bytes);
            if (end < 0)
            {
                if (result.IsCompleted || buffer.Length >= MaxHead)
                {
                    input.AdvanceTo(buffer.Start, buffer.Start);
                    return null;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var lines = Encoding.ASCII.GetString(bytes, 0, end).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            var length = ContentLength(lines);
            var upgrade = lines.Any(l => l.StartsWith("Upgrade:", StringComparison.OrdinalIgnoreCase));
            if (!upgrade)
            {
                input.AdvanceTo(buffer.Start, buffer.Start);
                return null;
            }
            if (length is null or 0)
            {
                var all = buffer.ToArray();
                input.AdvanceTo(buffer.End);
                return all;
            }
            var total = end + endLength + length.Value;
            if (buffer.Length < total)
            {
                if (result.IsCompleted)
                {
                    input.AdvanceTo(buffer.Start, buffer.Start);
                    return null;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var head = string.Join("\r\n", lines.Where(l => !l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))) + "\r\n\r\n";
            var rest = buffer.Slice(total).ToArray();
            input.AdvanceTo(buffer.End);
            return [.. Encoding.ASCII.GetBytes(head), .. rest];
        }
    }

    /// <summary>
    /// Where the head ends: at the first empty line, its terminator CRLF or a bare LF (Docker.DotNet ends header lines
    /// with a bare LF, which Go's server and Kestrel both accept). Returns the head's length and the terminator's.
    /// </summary>
    private static (int End, int Length) FindHeadEnd(ReadOnlySpan<byte> bytes)
    {
        for (var i = bytes.IndexOf((byte)'\n'); i >= 0 && i < bytes.Length - 1;)
        {
            if (bytes[i + 1] == '\n')
                return (i, 2);
            if (bytes[i + 1] == '\r' && i + 2 < bytes.Length && bytes[i + 2] == '\n')
                return (i, 3);
            var next = bytes[(i + 1)..].IndexOf((byte)'\n');
            i = next < 0 ? -1 : i + 1 + next;
        }
        return (-1, 0);
    }

    private static long? ContentLength(IEnumerable<string> lines)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return line is not null && long.TryParse(line["Content-Length:".Length..].Trim(), out var n) ? n : null;
    }

    /// <summary>
    /// Copies the client's bytes; at the client's FIN, holds the pipe open until the server is done, unless the
    /// endpoint asked to see the end of the input (it relays it as a container's stdin, and EOF is meaningful there).
    /// </summary>
    private static async Task PumpAsync(PipeReader from, PipeWriter to, ClientInput input, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
            await input.Wanted.WaitAsync(cancellationToken);
            await to.CompleteAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
            await to.CompleteAsync(e is OperationCanceledException ? null : e);
        }
    }

    /// <summary>
    /// Lets an endpoint that relays the hijacked input (attach or exec with stdin) see its end: once it calls
    /// <see cref="WantEnd"/>, the client's FIN ends the upgraded stream's reads instead of being hidden.
    /// </summary>
    public sealed class ClientInput
    {
        private readonly TaskCompletionSource _wanted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Task Wanted => _wanted.Task;

        public void WantEnd() => _wanted.TrySetResult();

        /// <summary>The connection's input relay switch, when the request came through <see cref="UseDockerUpgradeFix"/>.</summary>
        public static ClientInput? Of(Microsoft.AspNetCore.Http.HttpContext http)
            => http.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>()?.Items.TryGetValue(typeof(ClientInput), out var input) == true
                ? input as ClientInput
                : null;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
