using System.Diagnostics;
using System.Globalization;

namespace ToolGate.Benchmarks.Mcp;

/// <summary>
/// <c>mcp-latency [--calls N]</c>: per-call latency of <c>tools/call</c>, direct and through ToolGate, interleaved in one
/// run (the same set-up as <see cref="McpCallBenchmarks"/>), as p50/p99 and their ratio and difference. BenchmarkDotNet
/// reports statistics of iteration means; these are percentiles of single calls, which is what an agent waits for.
/// </summary>
internal static class McpLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args is ["--calls", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 2_000;
        var benchmark = new McpCallBenchmarks();
        await benchmark.SetupAsync();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                await benchmark.CallDirectAsync();
                await benchmark.CallThroughGatewayAsync();
            }

            var direct = new double[calls];
            var gateway = new double[calls];
            for (var i = 0; i < calls; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await benchmark.CallDirectAsync();
                direct[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                started = Stopwatch.GetTimestamp();
                await benchmark.CallThroughGatewayAsync();
                gateway[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            Array.Sort(direct);
            Array.Sort(gateway);
            Console.WriteLine($"tools/call read_file, {calls} calls each, interleaved; load average {LoadAverage()}");
            Console.WriteLine("| percentile | direct ms | through ToolGate ms | added ms | ratio |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var p in new[] { 50, 90, 99 })
            {
                var d = Percentile(direct, p);
                var g = Percentile(gateway, p);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| p{p} | {d:0.000} | {g:0.000} | {g - d:0.000} | {g / d:0.00} |"));
            }

            return 0;
        }
        finally
        {
            await benchmark.CleanupAsync();
        }
    }

    private static double Percentile(double[] sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
