using System.Text.Json;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>
/// Runs tests/mcp-ts/client.mjs (the official TypeScript SDK client over Streamable HTTP): initialize, tools/list,
/// one call, optionally a second call that must be refused. Bounded in time; the process is killed when it overruns.
/// </summary>
public static class McpTsClient
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(45);

    /// <param name="url">The MCP endpoint: a server's <c>/mcp</c> or the gateway's <c>/mcp/{server}</c>.</param>
    /// <param name="key">Sent as <c>Authorization: Bearer</c>; null sends none.</param>
    /// <param name="tool">The tool to call; it must succeed.</param>
    /// <param name="arguments">Its arguments, serialized as JSON.</param>
    /// <param name="deniedTool">A second tool call that must be refused (a JSON-RPC error or a refused HTTP request).</param>
    /// <param name="deniedArguments">Its arguments.</param>
    public static async Task<McpTsResult> RunAsync(
        Uri url, string? key, string tool, object arguments, string? deniedTool = null, object? deniedArguments = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var args = new List<string>
        {
            "client.mjs", "--url", url.ToString(), "--call", tool, "--args", JsonSerializer.Serialize(arguments),
            "--timeout-ms", ((int)(RunTimeout.TotalMilliseconds - 5_000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (key is not null)
        {
            args.AddRange(["--key", key]);
        }

        if (deniedTool is not null)
        {
            args.AddRange(["--expect-denied", deniedTool, "--args2", JsonSerializer.Serialize(deniedArguments ?? new { })]);
        }

        using var process = McpTs.StartNode(args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            McpTs.KillTree(process);
            throw new TimeoutException($"client.mjs did not finish within {RunTimeout.TotalSeconds:0} s: {await stderr}");
        }

        var output = await stdout;
        var errors = await stderr;
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"client.mjs printed nothing (exit {process.ExitCode}): {errors}");
        using var document = JsonDocument.Parse(line);
        return new McpTsResult(process.ExitCode, document.RootElement.Clone(), errors);
    }
}
