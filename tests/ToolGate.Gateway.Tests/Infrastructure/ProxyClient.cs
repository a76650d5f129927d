using System.Net;
using System.Net.Sockets;
using System.Text;
using ToolGate.Gateway.Network;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>Speaks the proxy protocol by hand, byte for byte, for what HttpClient and curl would not send.</summary>
internal sealed class ProxyClient : IDisposable
{
    private readonly TcpClient _client;

    private ProxyClient(TcpClient client)
    {
        _client = client;
        Stream = client.GetStream();
        Stream.ReadTimeout = 10_000;
    }

    public NetworkStream Stream { get; }

    public static async Task<ProxyClient> OpenAsync(Uri proxy)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port).WaitAsync(TimeSpan.FromSeconds(10));
        return new ProxyClient(client);
    }

    public static string Basic(string key) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("agent:" + key));

    /// <summary>Sends a request head and returns the response head (status line and headers).</summary>
    public async Task<ProxyResponse> SendAsync(string head)
    {
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(head)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return await ReadResponseHeadAsync();
    }

    public Task<ProxyResponse> ConnectAsync(string authority, string? key) =>
        SendAsync($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n{(key is null ? string.Empty : $"Proxy-Authorization: {Basic(key)}\r\n")}\r\n");

    public async Task<ProxyResponse> ReadResponseHeadAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await Stream.ReadAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return new ProxyResponse(head.ToString());
    }

    /// <summary>Everything until the proxy closes the connection (the body of its own answers).</summary>
    public async Task<string> ReadToEndAsync()
    {
        using var reader = new StreamReader(Stream, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Reads until the connection closes; true when it did within the time.</summary>
    public async Task<bool> ClosesWithinAsync(TimeSpan time)
    {
        var buffer = new byte[4096];
        try
        {
            using var timeout = new CancellationTokenSource(time);
            while (await Stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _client.Dispose();
}

internal sealed record ProxyResponse(string Head)
{
    public int Status => Head.Length > 12 && int.TryParse(Head.AsSpan(9, 3), out var status) ? status : 0;

    public string? Header(string name) => Head.Split("\r\n")
        .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
        .Select(line => line[(name.Length + 1)..].Trim())
        .FirstOrDefault();
}

/// <summary>A DNS stand-in: fixed answers per name, or answers that change from one query to the next (rebinding).</summary>
public sealed class StubResolver : IHostResolver
{
    private readonly Dictionary<string, Func<int, IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _queries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public StubResolver Answer(string host, params string[] addresses)
    {
        _answers[host] = _ => [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    /// <summary>Query n (from 0) gets <paramref name="answers"/>[min(n, last)].</summary>
    public StubResolver Rebind(string host, params string[] answers)
    {
        _answers[host] = n => [IPAddress.Parse(answers[Math.Min(n, answers.Length - 1)])];
        return this;
    }

    public int QueriesFor(string host)
    {
        lock (_lock)
        {
            return _queries.GetValueOrDefault(host);
        }
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        int n;
        lock (_lock)
        {
            n = _queries.GetValueOrDefault(host);
            _queries[host] = n + 1;
        }

        return _answers.TryGetValue(host, out var answer)
            ? Task.FromResult(answer(n))
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }
}
