using ToolGate.Gateway.Upstreams;

namespace ToolGate.Gateway.Tests.Upstreams;

public sealed class UpstreamMetadataTests
{
    private static readonly UpstreamOptions Defaults = new();

    [Fact]
    public void NoMetadata_GivesTheDefaults()
    {
        var settings = UpstreamMetadata.Read(null, Defaults, []);

        Assert.Equal(new UpstreamSettings(TimeSpan.FromSeconds(20), 0.5, 5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), settings);
    }

    [Fact]
    public void EachKey_OverridesItsDefault_AndOtherMetadataIsLeftAlone()
    {
        var settings = UpstreamMetadata.Read(new Dictionary<string, string>
        {
            ["ToolGate.Upstream.TimeoutSeconds"] = "2.5",
            ["ToolGate.Upstream.BreakerFailureRatio"] = "0.25",
            ["ToolGate.Upstream.BreakerMinimumThroughput"] = "3",
            ["ToolGate.Upstream.BreakerSamplingSeconds"] = "30",
            ["ToolGate.Upstream.BreakDurationSeconds"] = "0.5",
            ["Team"] = "platform",
        }, Defaults, []);

        Assert.Equal(new UpstreamSettings(TimeSpan.FromSeconds(2.5), 0.25, 3, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(0.5)), settings);
    }

    [Fact]
    public void BadValuesAndUnknownKeys_AreAllReported_ByKey()
    {
        var errors = new List<string>();

        var settings = UpstreamMetadata.Read(new Dictionary<string, string>
        {
            ["ToolGate.Upstream.TimeoutSeconds"] = "ten",
            ["ToolGate.Upstream.BreakerFailureRatio"] = "0",
            ["ToolGate.Upstream.BreakerMinimumThroughput"] = "1.5",
            ["ToolGate.Upstream.BreakDuration"] = "5",
        }, Defaults, errors);

        Assert.Null(settings);
        Assert.Equal(
        [
            "ToolGate.Upstream.TimeoutSeconds: 'ten' is not a number from 0.1 to 3600 (seconds)",
            "ToolGate.Upstream.BreakerFailureRatio: '0' is not a number from 0.01 to 1 (a share of calls)",
            "ToolGate.Upstream.BreakerMinimumThroughput: '1.5' is not a number from 2 to 10000 (whole calls)",
            "ToolGate.Upstream.BreakDuration: unknown cluster metadata key; known keys are ToolGate.Upstream.TimeoutSeconds, "
                + "ToolGate.Upstream.BreakerFailureRatio, ToolGate.Upstream.BreakerMinimumThroughput, ToolGate.Upstream.BreakerSamplingSeconds, "
                + "ToolGate.Upstream.BreakDurationSeconds",
        ], errors);
    }
}
