using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// The egress listener's socket. Not a Kestrel listener: Kestrel's HTTP layer has no CONNECT, and its transport
/// reads a connection in 4 KiB blocks, which caps a tunnel's throughput. Each accepted connection is served by
/// <see cref="EgressProxyHandler"/>; stopping the gateway closes the socket and every open connection.
/// </summary>
internal sealed class EgressListener(
    EgressProxyHandler handler, ListenerEndpoints listeners, IOptions<ToolGateOptions> options, ILogger<EgressListener> logger)
    : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _connections = [];
    private readonly Lock _lock = new();
    private Socket? _socket;
    private Task? _accepting;

    /// <summary>Binds before the hosts start, so the address (a port 0 included) is known as soon as the gateway is up.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = ToolGateOptionsValidator.TryParseListenUrl(options.Value.Listen.Egress, out var endPoint); // validated at start-up
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ToolGateStartupException($"ToolGate:Listen:Egress: cannot listen on {endPoint}: {e.SocketErrorCode}");
        }

        _socket = socket;
        listeners.SetBound(ListenerKind.Egress, (IPEndPoint)socket.LocalEndPoint!);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _accepting = AcceptLoopAsync(_socket!);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _socket?.Dispose();
        Task[] open;
        lock (_lock)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open.Append(_accepting ?? Task.CompletedTask)).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _socket?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket socket)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // One failed accept (the peer reset first, descriptors exhausted) must not end the listener.
                Log.EgressAcceptFailed(logger, e.SocketErrorCode.ToString());
                continue;
            }

            client.NoDelay = true;
            Track(Task.Run(() => handler.ServeAsync(client, _stopping.Token)));
        }
    }

    private void Track(Task connection)
    {
        lock (_lock)
        {
            _connections.Add(connection);
        }

        connection.ContinueWith(done =>
        {
            lock (_lock)
            {
                _connections.Remove(done);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
