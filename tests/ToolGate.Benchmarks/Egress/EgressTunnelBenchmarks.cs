using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Benchmarks.Egress;

/// <summary>
/// The egress listener's CONNECT tunnel against a direct TCP connection to the same loopback sink, in one run:
/// bulk transfer (the client sends <see cref="BulkBytes"/>, the sink reads to the end and closes) and set-up cost
/// (open, CONNECT, 200, close). The gateway is the real one (Release, in-process), with its audit trail on disk:
/// each tunnel commits a decision record before it is opened and an outcome record when it closes.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class EgressTunnelBenchmarks
{
    public const int BulkBytes = 32 * 1024 * 1024;

    private static readonly byte[] Chunk = new byte[64 * 1024];

    private string _root = null!;
    private BenchmarkGateway _gateway = null!;
    private TcpListener _sink = null!;
    private CancellationTokenSource _stop = null!;
    private IPEndPoint _sinkEndPoint = null!;
    private IPEndPoint _proxyEndPoint = null!;
    private byte[] _connectHead = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _stop = new CancellationTokenSource();
        _sink = new TcpListener(IPAddress.Loopback, 0);
        _sink.Start();
        _sinkEndPoint = (IPEndPoint)_sink.LocalEndpoint;
        _ = SinkAsync(_stop.Token);

        _root = Directory.CreateTempSubdirectory("toolgate-bench-egress-").FullName;
        _gateway = await BenchmarkGateway.StartAsync(_root, new Dictionary<string, string?>
        {
            ["ToolGate:Egress:AllowedNetworks:0"] = "127.0.0.1/32",
            ["ToolGate:Egress:MaxTunnelsPerAgent"] = "1000",
        }, new { agentId = "bench-agent", capability = "network", allow = new[] { $"127.0.0.1:{_sinkEndPoint.Port}" } });
        _proxyEndPoint = _gateway.Listeners.GetEndPoint(ListenerKind.Egress);
        var key = _gateway.AgentKey;

        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("agent:" + key));
        _connectHead = Encoding.ASCII.GetBytes(
            $"CONNECT {_sinkEndPoint} HTTP/1.1\r\nHost: {_sinkEndPoint}\r\nProxy-Authorization: Basic {credentials}\r\n\r\n");

        // Both paths must work before they are measured.
        await TunnelBulkAsync();
        await DirectBulkAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _stop.CancelAsync();
        _sink.Stop();
        await _gateway.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "direct: 32 MiB to the sink")]
    public Task DirectBulk() => DirectBulkAsync();

    [Benchmark(Description = "tunnel: 32 MiB to the sink through CONNECT")]
    public Task TunnelBulk() => TunnelBulkAsync();

    [Benchmark(Description = "direct: connect + close")]
    public async Task DirectSetup()
    {
        using var socket = await ConnectAsync(_sinkEndPoint);
        await CloseAsync(socket);
    }

    [Benchmark(Description = "tunnel: connect + CONNECT + 200 + close")]
    public async Task TunnelSetup()
    {
        using var socket = await OpenTunnelAsync();
        await CloseAsync(socket);
    }

    private async Task DirectBulkAsync()
    {
        using var socket = await ConnectAsync(_sinkEndPoint);
        await SendBulkAsync(socket);
        await CloseAsync(socket);
    }

    private async Task TunnelBulkAsync()
    {
        using var socket = await OpenTunnelAsync();
        await SendBulkAsync(socket);
        await CloseAsync(socket);
    }

    private async Task<Socket> OpenTunnelAsync()
    {
        var socket = await ConnectAsync(_proxyEndPoint);
        await socket.SendAsync(_connectHead);
        var head = new byte[256];
        var length = 0;
        while (length < 4 || !head.AsSpan(0, length).EndsWith("\r\n\r\n"u8))
        {
            var read = await socket.ReceiveAsync(head.AsMemory(length, 1));
            if (read == 0)
            {
                throw new InvalidOperationException("the proxy closed before answering CONNECT");
            }

            length += read;
        }

        if (!head.AsSpan(0, length).StartsWith("HTTP/1.1 200"u8))
        {
            throw new InvalidOperationException("CONNECT refused: " + Encoding.ASCII.GetString(head, 0, length));
        }

        return socket;
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return socket;
    }

    private static async Task SendBulkAsync(Socket socket)
    {
        for (var sent = 0; sent < BulkBytes; sent += Chunk.Length)
        {
            await socket.SendAsync(Chunk);
        }
    }

    /// <summary>Half-closes and waits for the far end to close: everything sent has been read by the sink.</summary>
    private static async Task CloseAsync(Socket socket)
    {
        socket.Shutdown(SocketShutdown.Send);
        var buffer = new byte[64];
        while (await socket.ReceiveAsync(buffer) > 0)
        {
        }
    }

    private async Task SinkAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await _sink.AcceptSocketAsync(stop);
                _ = DrainAsync(client, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task DrainAsync(Socket client, CancellationToken stop)
    {
        using (client)
        {
            var buffer = new byte[256 * 1024];
            try
            {
                while (await client.ReceiveAsync(buffer, stop) > 0)
                {
                }

                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // Stopped.
            }
        }
    }
}
