using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace ToolGate.Benchmarks;

/// <summary>
/// A short job so the whole suite runs in a few minutes on two cores: 3 warm-up and 10 measured iterations
/// of about 250 ms each. Median (p50) and p95 columns next to the mean, because the targets are percentiles.
/// </summary>
public class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        AddJob(Job.Default
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Short"));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
    }
}

/// <summary><see cref="ShortRunConfig"/> plus operations per second (records per second where an invocation appends many).</summary>
public class ThroughputConfig : ShortRunConfig
{
    public ThroughputConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
}
