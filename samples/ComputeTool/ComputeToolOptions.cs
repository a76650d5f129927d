namespace ToolGate.Samples.ComputeTool;

/// <summary>Bounds of the sample scheduler (configuration section <c>ComputeTool</c>).</summary>
public sealed class ComputeToolOptions
{
    public const string Section = "ComputeTool";

    /// <summary>Jobs running at once; more wait in the queue.</summary>
    public int MaxConcurrentJobs { get; set; } = 4;

    /// <summary>Jobs kept (any state). When full, the oldest ended job is dropped; with none ended, a submission gets 503.</summary>
    public int MaxJobs { get; set; } = 1_000;

    /// <summary>Bytes of stdout and of stderr kept per job; the rest is read and discarded, so a job never blocks on a full pipe.</summary>
    public int MaxOutputBytes { get; set; } = 64 * 1024;

    /// <summary>Attempts at delivering one usage report (the first and the retries).</summary>
    public int UsageReportAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry of a usage report; doubled for each further retry.</summary>
    public TimeSpan UsageReportRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Time one usage report attempt may take.</summary>
    public TimeSpan UsageReportTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
