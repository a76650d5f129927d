using System.Globalization;

namespace ToolGate.Core.Tests.Support;

/// <summary>
/// How many cases a family of property tests runs in total: a CI-sized default, or the value of an environment
/// variable for a nightly run (e.g. 200000). Each test takes its share.
/// </summary>
internal sealed class FuzzBudget(string variable, long defaultTotal)
{
    /// <summary>Shell parsing and deciding: <c>TOOLGATE_FUZZ_ITERATIONS</c>, about 20,000 by default.</summary>
    public static readonly FuzzBudget Shell = new("TOOLGATE_FUZZ_ITERATIONS", 20_000);

    /// <summary>Network canonicalising and deciding: <c>TOOLGATE_NETWORK_FUZZ_CASES</c>, 6,000 by default.</summary>
    public static readonly FuzzBudget Network = new("TOOLGATE_NETWORK_FUZZ_CASES", 6_000);

    public string Variable { get; } = variable;

    public long Total { get; } =
        long.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var total) && total > 0
            ? total
            : defaultTotal;

    /// <summary>A share of the total, in percent (at least one case).</summary>
    public long Share(int percent) => Math.Max(1, Total * percent / 100);
}
