using System.Globalization;

namespace ToolGate.Core.Tests.Shell.Properties;

/// <summary>
/// How many cases the property tests run in total: about 20,000 in CI, or the value of the environment
/// variable <c>TOOLGATE_FUZZ_ITERATIONS</c> (for a nightly run, e.g. 200000). Each test takes its share.
/// </summary>
internal static class FuzzIterations
{
    public const string Variable = "TOOLGATE_FUZZ_ITERATIONS";

    public const long Default = 20_000;

    public static long Total { get; } =
        long.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var total) && total > 0
            ? total
            : Default;

    /// <summary>A share of the total, in percent (at least one case).</summary>
    public static long Share(int percent) => Math.Max(1, Total * percent / 100);
}
