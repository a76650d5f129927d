using System.Globalization;

namespace ToolGate.Core.Tests.Network.Properties;

/// <summary>
/// How many cases the network property tests run in total: 6,000 by default (a few seconds in CI), or the
/// value of <c>TOOLGATE_NETWORK_FUZZ_CASES</c> (e.g. 200000 for a nightly run). Each test takes its share.
/// </summary>
internal static class NetworkFuzzCases
{
    public const string Variable = "TOOLGATE_NETWORK_FUZZ_CASES";

    public const long Default = 6_000;

    public static long Total { get; } =
        long.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var total) && total > 0
            ? total
            : Default;

    /// <summary>A share of the total, in percent (at least one case).</summary>
    public static long Share(int percent) => Math.Max(1, Total * percent / 100);
}
