using System.Globalization;

namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// The <c>ToolGate.Upstream.*</c> keys of a cluster's metadata. Each overrides one <c>ToolGate:Upstreams</c>
/// default for that cluster; an unknown key or an out-of-range value is an error, never silently ignored.
/// </summary>
internal static class UpstreamMetadata
{
    public const string Prefix = "ToolGate.Upstream.";
    public const string TimeoutSecondsKey = Prefix + nameof(UpstreamOptions.TimeoutSeconds);
    public const string FailureRatioKey = Prefix + nameof(UpstreamOptions.BreakerFailureRatio);
    public const string MinimumThroughputKey = Prefix + nameof(UpstreamOptions.BreakerMinimumThroughput);
    public const string SamplingSecondsKey = Prefix + nameof(UpstreamOptions.BreakerSamplingSeconds);
    public const string BreakDurationSecondsKey = Prefix + nameof(UpstreamOptions.BreakDurationSeconds);

    private static readonly string KnownKeys = string.Join(", ",
        TimeoutSecondsKey, FailureRatioKey, MinimumThroughputKey, SamplingSecondsKey, BreakDurationSecondsKey);

    /// <summary>The cluster's settings, or null with one "key: problem" line per bad key added to <paramref name="errors"/>.</summary>
    public static UpstreamSettings? Read(IReadOnlyDictionary<string, string>? metadata, UpstreamOptions defaults, List<string> errors)
    {
        var settings = UpstreamSettings.From(defaults);
        var valid = true;
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            switch (key)
            {
                case TimeoutSecondsKey when Number(value, UpstreamOptions.MinTimeoutSeconds, UpstreamOptions.MaxTimeoutSeconds) is { } seconds:
                    settings = settings with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case FailureRatioKey when Number(value, UpstreamOptions.MinFailureRatio, UpstreamOptions.MaxFailureRatio) is { } ratio:
                    settings = settings with { FailureRatio = ratio };
                    break;
                case MinimumThroughputKey when WholeNumber(value, UpstreamOptions.MinMinimumThroughput, UpstreamOptions.MaxMinimumThroughput) is { } calls:
                    settings = settings with { MinimumThroughput = calls };
                    break;
                case SamplingSecondsKey when Number(value, UpstreamOptions.MinWindowSeconds, UpstreamOptions.MaxWindowSeconds) is { } seconds:
                    settings = settings with { SamplingDuration = TimeSpan.FromSeconds(seconds) };
                    break;
                case BreakDurationSecondsKey when Number(value, UpstreamOptions.MinWindowSeconds, UpstreamOptions.MaxWindowSeconds) is { } seconds:
                    settings = settings with { BreakDuration = TimeSpan.FromSeconds(seconds) };
                    break;
                default:
                    valid = false;
                    errors.Add($"{key}: {Problem(key, value)}");
                    break;
            }
        }

        return valid ? settings : null;
    }

    private static string Problem(string key, string value) => key switch
    {
        TimeoutSecondsKey => OutOfRange(value, UpstreamOptions.MinTimeoutSeconds, UpstreamOptions.MaxTimeoutSeconds, "seconds"),
        FailureRatioKey => OutOfRange(value, UpstreamOptions.MinFailureRatio, UpstreamOptions.MaxFailureRatio, "a share of calls"),
        MinimumThroughputKey => OutOfRange(value, UpstreamOptions.MinMinimumThroughput, UpstreamOptions.MaxMinimumThroughput, "whole calls"),
        SamplingSecondsKey or BreakDurationSecondsKey => OutOfRange(value, UpstreamOptions.MinWindowSeconds, UpstreamOptions.MaxWindowSeconds, "seconds"),
        _ => $"unknown cluster metadata key; known keys are {KnownKeys}",
    };

    private static string OutOfRange(string value, double min, double max, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"'{value}' is not a number from {min} to {max} ({unit})");

    private static double? Number(string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : null;

    private static int? WholeNumber(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : null;
}
