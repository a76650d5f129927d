namespace ToolGate.Samples.IncidentReplay;

/// <summary>
/// <c>dotnet run --project samples/IncidentReplay -- --admin-key KEY [--agents URL] [--admin URL] [--egress URL] [--workspace DIR]</c>.
/// Exit code 0 when the incident was contained, 1 when it was not, 2 on bad arguments.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        if (!values.TryGetValue("--admin-key", out var adminKey) && Environment.GetEnvironmentVariable("TOOLGATE_ADMIN_KEY") is not { } envKey)
        {
            await Console.Error.WriteLineAsync("usage: IncidentReplay --admin-key KEY [--agents http://127.0.0.1:8080] [--admin http://127.0.0.1:8081] [--egress http://127.0.0.1:3128] [--workspace /tmp/replay]");
            return 2;
        }

        var workspace = values.GetValueOrDefault("--workspace") ?? Directory.CreateTempSubdirectory("toolgate-replay-").FullName;
        var options = new ReplayOptions(
            new Uri(values.GetValueOrDefault("--agents", "http://127.0.0.1:8080")),
            new Uri(values.GetValueOrDefault("--admin", "http://127.0.0.1:8081")),
            adminKey ?? Environment.GetEnvironmentVariable("TOOLGATE_ADMIN_KEY")!,
            values.TryGetValue("--egress", out var egress) ? new Uri(egress) : new Uri("http://127.0.0.1:3128"),
            workspace);
        var report = await new IncidentReplayRunner(options, Console.Out).RunAsync(CancellationToken.None);
        return report.Contained ? 0 : 1;
    }
}
