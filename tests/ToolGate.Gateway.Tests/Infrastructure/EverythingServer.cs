using System.Diagnostics;
using System.Text;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>
/// The reference MCP server @modelcontextprotocol/server-everything (TypeScript SDK) as a child process, Streamable
/// HTTP at <c>/mcp</c> on 127.0.0.1 with an OS-assigned port (tests/mcp-ts/loopback.mjs binds it there and reports the
/// port). Answers every POST with <c>text/event-stream</c> and keeps sessions. Killed, with its children, on dispose.
/// </summary>
public sealed class EverythingServer : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private const string ListeningLine = "TOOLGATE_LISTENING ";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private EverythingServer(Process process, StringBuilder output, int port)
    {
        _process = process;
        _output = output;
        McpUrl = new Uri($"http://127.0.0.1:{port}/mcp");
    }

    /// <summary>The MCP endpoint, e.g. <c>http://127.0.0.1:41234/mcp</c>.</summary>
    public Uri McpUrl { get; }

    /// <summary>What the server printed so far (its log: one line per request), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<EverythingServer> StartAsync()
    {
        var process = McpTs.StartNode(
            ["--import", "./loopback.mjs", "node_modules/@modelcontextprotocol/server-everything/dist/index.js", "streamableHttp"],
            new Dictionary<string, string> { ["PORT"] = "0" });
        process.StandardInput.Close();
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                listening.TrySetException(new InvalidOperationException("server-everything exited before it listened"));
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.StartsWith(ListeningLine, StringComparison.Ordinal))
            {
                listening.TrySetResult(int.Parse(line[ListeningLine.Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await listening.Task.WaitAsync(StartTimeout);
            return new EverythingServer(process, output, port);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            McpTs.KillTree(process);
            process.Dispose();
            string printed;
            lock (output)
            {
                printed = output.ToString();
            }

            throw new InvalidOperationException($"server-everything did not start within {StartTimeout.TotalSeconds:0} s: {ex.Message}\n{printed}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        McpTs.KillTree(_process);
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(exited.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed already; nothing more to do.
        }

        _process.Dispose();
    }
}
