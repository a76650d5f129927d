using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// Copies bytes between the agent's connection and the dialled socket, both ways, counting them, until one
/// side closes, the tunnel idles or outlives its limit, or it is cut. On a raw tunnel the client's first bytes
/// are held back until <see cref="FirstBytesCheck"/> has cleared them: a miner's login or a TLS hello for an
/// ungranted server name never leaves the gateway.
/// </summary>
internal sealed class TunnelRelay(TimeProvider time, TimeSpan idleTimeout, TimeSpan maxDuration)
{
    private const int ReceiveBufferSize = 64 * 1024;

    /// <summary>One read from the client in a tunnel's steady state (a pooled array, held only while data moves).</summary>
    private const int SocketReadSize = 256 * 1024;

    /// <summary>
    /// Relays until the tunnel ends and says why. <paramref name="clientBytes"/> caps what is read from the client
    /// (a proxied request's body); null relays the client's bytes until it closes.
    /// </summary>
    /// <param name="chunked">For a proxied request with a chunked body: finds where the body ends (then nothing more is read).</param>
    public async Task<RelayEnd> RunAsync(
        IDuplexPipe client, Socket clientSocket, Socket upstream, EgressTunnel tunnel, FirstBytesCheck? firstBytes, long? clientBytes, CancellationToken stopping,
        ChunkedBodyFramer? chunked = null)
    {
        using var total = new CancellationTokenSource(maxDuration, time);
        using var idle = new CancellationTokenSource(idleTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(total.Token, idle.Token, tunnel.CutToken, stopping);
        var token = linked.Token;
        void Touch() => idle.CancelAfter(idleTimeout);

        var up = chunked is null
            ? PumpUpAsync(client.Input, clientSocket, upstream, tunnel, firstBytes, clientBytes, Touch, token)
            : PumpChunkedAsync(client.Input, upstream, tunnel, chunked, Touch, token);
        var down = PumpDownAsync(upstream, client.Output, tunnel, Touch, token);
        try
        {
            var first = await Task.WhenAny(up, down);
            if (first == up && up.IsCompletedSuccessfully && up.Result.Kind is RelayEndKind.ClientClosed or RelayEndKind.RequestSent)
            {
                // The client is done sending (or its request is sent): the answer still flows back.
                return await down;
            }

            await linked.CancelAsync();
            return await first;
        }
        catch (OperationCanceledException)
        {
            return Why(total, idle, tunnel, stopping);
        }
        catch (Exception e) when (e is SocketException or IOException or ConnectionAbortedException)
        {
            return token.IsCancellationRequested ? Why(total, idle, tunnel, stopping) : RelayEnd.Error(e.Message);
        }
        finally
        {
            await linked.CancelAsync();
            await Task.WhenAll(up, down).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static RelayEnd Why(CancellationTokenSource total, CancellationTokenSource idle, EgressTunnel tunnel, CancellationToken stopping) =>
        tunnel.CutToken.IsCancellationRequested ? RelayEnd.Cut(tunnel.CutReason ?? "cut")
        : total.IsCancellationRequested ? new RelayEnd(RelayEndKind.MaxDuration, "the tunnel reached its maximum duration")
        : idle.IsCancellationRequested ? new RelayEnd(RelayEndKind.IdleTimeout, "no bytes either way within the idle timeout")
        : stopping.IsCancellationRequested ? RelayEnd.Cut("the gateway is stopping")
        : RelayEnd.Error("cancelled");

    /// <summary>Forwards one chunked request body, exactly to its end; a malformed body ends the relay.</summary>
    private static async Task<RelayEnd> PumpChunkedAsync(
        PipeReader input, Socket upstream, EgressTunnel tunnel, ChunkedBodyFramer framer, Action touch, CancellationToken token)
    {
        var segments = new List<ArraySegment<byte>>();
        while (true)
        {
            var result = await input.ReadAsync(token);
            var buffer = result.Buffer;
            var length = framer.Consume(buffer);
            if (length < 0)
            {
                return RelayEnd.Error($"the chunked request body is malformed: {framer.Error}");
            }

            var take = buffer.Slice(0, length);
            SpendOrCut(tunnel, take.Length, token);
            await SendAsync(upstream, take, segments, token);
            tunnel.AddUp(take.Length);
            touch();
            input.AdvanceTo(take.End);
            if (framer.IsComplete)
            {
                return new RelayEnd(RelayEndKind.RequestSent, "request sent");
            }

            if (result.IsCompleted)
            {
                return RelayEnd.Error("the client closed the connection before its chunked request body was complete");
            }
        }
    }

    private static async Task<RelayEnd> PumpUpAsync(
        PipeReader input, Socket client, Socket upstream, EgressTunnel tunnel, FirstBytesCheck? probe, long? limit, Action touch, CancellationToken token)
    {
        var remaining = limit ?? long.MaxValue;
        var segments = new List<ArraySegment<byte>>();
        while (remaining > 0)
        {
            var result = await input.ReadAsync(token);
            var buffer = result.Buffer;
            if (probe is not null)
            {
                var window = buffer.Length > StratumProbe.MaxProbeBytes ? buffer.Slice(0, StratumProbe.MaxProbeBytes) : buffer;
                var verdict = probe.Inspect(window.ToArray(), result.IsCompleted || window.Length == StratumProbe.MaxProbeBytes);
                if (verdict.End is { } end)
                {
                    return end;
                }

                if (verdict.IsPending)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                probe = null;
            }

            var take = buffer.Length > remaining ? buffer.Slice(0, remaining) : buffer;
            SpendOrCut(tunnel, take.Length, token);
            await SendAsync(upstream, take, segments, token);

            if (!take.IsEmpty)
            {
                tunnel.AddUp(take.Length);
                touch();
            }

            remaining -= take.Length;
            input.AdvanceTo(take.End);
            if (limit is null && !result.IsCompleted)
            {
                // Past the head and the probe, with nothing buffered: read the socket directly from here on.
                return await PumpSocketAsync(client, upstream, tunnel, touch, token);
            }

            if (result.IsCompleted && take.Length == buffer.Length)
            {
                if (limit is null)
                {
                    upstream.Shutdown(SocketShutdown.Send);
                }

                return limit is null || remaining == 0 ? new RelayEnd(RelayEndKind.ClientClosed, "the client closed the connection")
                    : RelayEnd.Error("the client closed the connection before its request body was complete");
            }
        }

        return new RelayEnd(RelayEndKind.RequestSent, "request sent");
    }

    /// <summary>
    /// One gathered send for everything read so far: the listener's pipe hands data over in small blocks, and a
    /// send per block would cost a system call each.
    /// </summary>
    private static async ValueTask SendAsync(Socket upstream, ReadOnlySequence<byte> data, List<ArraySegment<byte>> segments, CancellationToken token)
    {
        if (data.IsSingleSegment)
        {
            await upstream.SendAsync(data.First, SocketFlags.None, token);
            return;
        }

        segments.Clear();
        foreach (var block in data)
        {
            if (!MemoryMarshal.TryGetArray(block, out var segment))
            {
                segment = block.ToArray();
            }

            segments.Add(segment);
        }

        // Socket.SendAsync with a segment list has no cancellation token; a cut closes the socket instead.
        var sent = 0;
        using (token.Register(static state => ((Socket)state!).Dispose(), upstream))
        {
            sent = await upstream.SendAsync(segments, SocketFlags.None);
        }

        if (sent < data.Length)
        {
            // A partial gathered send: the rest goes block by block.
            foreach (var rest in data.Slice(sent))
            {
                await upstream.SendAsync(rest, SocketFlags.None, token);
            }
        }
    }

    /// <summary>
    /// The tunnel's steady state, client to destination: wait for data without holding a buffer (a zero-byte
    /// receive), then move as much as one large read returns in one send. Idle tunnels hold no memory; busy
    /// ones make few system calls.
    /// </summary>
    private static async Task<RelayEnd> PumpSocketAsync(Socket client, Socket upstream, EgressTunnel tunnel, Action touch, CancellationToken token)
    {
        while (true)
        {
            await client.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, token);
            var buffer = ArrayPool<byte>.Shared.Rent(SocketReadSize);
            try
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, token);
                if (read == 0)
                {
                    upstream.Shutdown(SocketShutdown.Send);
                    return new RelayEnd(RelayEndKind.ClientClosed, "the client closed the connection");
                }

                SpendOrCut(tunnel, read, token);
                await upstream.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, token);
                tunnel.AddUp(read);
                touch();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Bytes that would overdraw the grant's byte budget are not relayed: the tunnel is cut instead.</summary>
    private static void SpendOrCut(EgressTunnel tunnel, long bytes, CancellationToken token)
    {
        if (!tunnel.TrySpend(bytes))
        {
            // The cut cancelled the tunnel's token, which this one is linked to: the relay ends as cut.
            token.ThrowIfCancellationRequested();
        }
    }

    private static async Task<RelayEnd> PumpDownAsync(Socket upstream, PipeWriter output, EgressTunnel tunnel, Action touch, CancellationToken token)
    {
        while (true)
        {
            // Wait for the destination without holding a buffer: an idle tunnel costs no memory this way either.
            await upstream.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, token);
            var memory = output.GetMemory(ReceiveBufferSize);
            var read = await upstream.ReceiveAsync(memory, SocketFlags.None, token);
            if (read == 0)
            {
                return new RelayEnd(RelayEndKind.UpstreamClosed, "the destination closed the connection");
            }

            SpendOrCut(tunnel, read, token);
            output.Advance(read);
            tunnel.AddDown(read);
            touch();
            var flush = await output.FlushAsync(token);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                return new RelayEnd(RelayEndKind.ClientClosed, "the client closed the connection");
            }
        }
    }
}

internal enum RelayEndKind
{
    ClientClosed,
    UpstreamClosed,
    RequestSent,
    IdleTimeout,
    MaxDuration,
    Cut,
    Stratum,

    /// <summary>The tunnel's first bytes asked for something the grant does not cover (a TLS server name).</summary>
    Refused,
    Error,
}

/// <summary>Why a relay ended, in words for the audit record.</summary>
internal sealed record RelayEnd(RelayEndKind Kind, string Description, string? Rule = null, Severity? Severity = null)
{
    public string Name => Kind switch
    {
        RelayEndKind.ClientClosed => "client",
        RelayEndKind.UpstreamClosed => "destination",
        RelayEndKind.RequestSent => "request-sent",
        RelayEndKind.IdleTimeout => "idle-timeout",
        RelayEndKind.MaxDuration => "max-duration",
        RelayEndKind.Cut => "cut",
        RelayEndKind.Stratum => "stratum",
        RelayEndKind.Refused => "refused",
        _ => "error",
    };

    public static RelayEnd Cut(string reason) => new(RelayEndKind.Cut, $"cut: {reason}");

    public static RelayEnd Stratum(string method) => new(RelayEndKind.Stratum, $"Stratum mining call '{method}' on the tunnel");

    public static RelayEnd Error(string message) => new(RelayEndKind.Error, message);

    public static RelayEnd Refused(string reason, string rule, Severity severity) => new(RelayEndKind.Refused, reason, rule, severity);
}
