using BenchmarkDotNet.Running;
using ToolGate.Benchmarks.LoadHosts;

namespace ToolGate.Benchmarks;

/// <summary>
/// BenchmarkDotNet by default (<c>-- --filter '*'</c>). Two other modes serve <c>scripts/load.sh</c>:
/// <c>echo-upstream --port N</c> (the cheap tool every load target ends at) and
/// <c>bare-proxy --port N --upstream URL</c> (YARP alone, the baseline ToolGate is compared with). And
/// <c>mcp-latency [--calls N]</c>: per-call MCP latency percentiles, direct and through ToolGate.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["echo-upstream", .. var rest]:
                return await RunHostAsync("echo-upstream", rest, EchoUpstreamHost.RunAsync);
            case ["bare-proxy", .. var rest]:
                return await RunHostAsync("bare-proxy", rest, BareProxyHost.RunAsync);
            case ["mcp-latency", .. var rest]:
                return await Mcp.McpLatency.RunAsync(rest);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }

    private static async Task<int> RunHostAsync(string mode, string[] args, Func<LoadHostArguments, Task<int>> run)
    {
        try
        {
            return await run(LoadHostArguments.Parse(args));
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"{mode}: {e.Message}");
            return 2;
        }
    }
}
