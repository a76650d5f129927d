using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell;

public class ArgumentTextFilterTests
{
    private static readonly string[] Indicators = ["stratum+tcp://", "/dev/tcp/", "nicehash.com"];

    private static readonly ArgumentTextFilter Filter = ArgumentTextFilter.Create(Indicators);

    [Theory]
    [InlineData("src/app.ts", false)]
    [InlineData("", false)]
    [InlineData("STRATUM+TCP://pool:3333", true)]
    [InlineData("x/dev/tcp/1.2.3.4/80", true)]
    [InlineData("--url=eu.NiceHash.com", true)]
    [InlineData("stratum+tcp:/", false)]
    public void MayMatch_AsciiText_IsWhetherAnIndicatorIsContainedIgnoringCase(string text, bool expected)
    {
        Assert.Equal(expected, Filter.MayMatch(text));
        Assert.Equal(expected, Indicators.Any(i => text.Contains(i, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("\u017Ftratum+tcp://pool")] // long s
    [InlineData("caf\u00E9")]
    public void MayMatch_NonAsciiText_LeavesTheDecisionToTheFullCheck(string text)
    {
        Assert.True(Filter.MayMatch(text));
    }

    [Fact]
    public void MayMatch_NoIndicators_IsFalse()
    {
        Assert.False(ArgumentTextFilter.Create([]).MayMatch("stratum+tcp://"));
    }

    [Fact]
    public void MayMatch_EmptyOrNonAsciiIndicator_IsAlwaysTrue()
    {
        Assert.True(ArgumentTextFilter.Create(["", "x"]).MayMatch("abc"));
        Assert.True(ArgumentTextFilter.Create(["\u00E9t\u00E9"]).MayMatch("abc"));
    }
}
