using BenchmarkDotNet.Running;
using ToolGate.Benchmarks.LoadHosts;

namespace ToolGate.Benchmarks;

/// <summary>
/// BenchmarkDotNet by default (<c>-- --filter '*'</c>). Two other modes serve <c>scripts/load.sh</c>:
/// <c>echo-upstream --port N</c> (the cheap tool every load target ends at) and
/// <c>bare-proxy --port N --upstream URL</c> (YARP alone, the baseline ToolGate is compared with).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            switch (args)
            {
                case ["echo-upstream", .. var rest]:
                    return await EchoUpstreamHost.RunAsync(LoadHostArguments.Parse(rest));
                case ["bare-proxy", .. var rest]:
                    return await BareProxyHost.RunAsync(LoadHostArguments.Parse(rest));
                default:
                    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                    return 0;
            }
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {e.Message}");
            return 2;
        }
    }
}
