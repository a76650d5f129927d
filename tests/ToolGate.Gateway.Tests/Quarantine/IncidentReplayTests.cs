using System.Net;
using ToolGate.Gateway.Tests.Infrastructure;
using ToolGate.Samples.IncidentReplay;

namespace ToolGate.Gateway.Tests.Quarantine;

/// <summary>The motivating incident, replayed by samples/IncidentReplay against the running gateway.</summary>
public sealed class IncidentReplayTests(QuarantineFixture fixture) : IClassFixture<QuarantineFixture>
{
    [Fact]
    public async Task TheIncident_IsDeniedStepByStep_AndTheAgentQuarantinedWithinSeconds_WithOneAlert()
    {
        var gateway = fixture.Gateway;
        var workspace = Directory.CreateTempSubdirectory("toolgate-replay-").FullName;
        var timeline = new StringWriter();
        var options = new ReplayOptions(gateway.AgentsUrl, gateway.AdminUrl, GatewayHarness.AdminKey, gateway.EgressUrl, workspace);

        var report = await new IncidentReplayRunner(options, timeline).RunAsync(CancellationToken.None);
        if (Environment.GetEnvironmentVariable("TOOLGATE_REPLAY_TIMELINE") is { Length: > 0 } path)
        {
            // For docs/quarantine.md: the timeline of a real run.
            await File.WriteAllTextAsync(path, timeline.ToString());
        }

        Assert.True(report.Contained, timeline.ToString());
        Assert.All(report.Steps.Where(s => s.Phase == "session"), s => Assert.True(s.Allowed, $"{s.Action}: {s.Status} {s.Reason}"));
        var diversion = report.Steps.Where(s => s.Phase == "diversion").ToList();
        Assert.Equal(6, diversion.Count);
        Assert.All(diversion, s => Assert.False(s.Allowed, s.Action));
        // The tunnel is the first critical action and is denied by its guardrail; everything after, by the quarantine.
        Assert.StartsWith("guardrail:", diversion[0].Rule, StringComparison.Ordinal);
        Assert.All(diversion.Skip(1), s => Assert.Equal("quarantined", s.Rule));
        Assert.True(report.QuarantinedAfterFirstCritical < TimeSpan.FromSeconds(5), timeline.ToString());
        Assert.Contains(diversion[0].DecisionId!, report.QuarantineEvidence);
        Assert.True(report.AuditChainValid);

        var alert = (await fixture.NextAlertAsync(report.AgentId)).Body;
        Assert.Equal("quarantine", alert.Text("kind"));
        Assert.Contains(diversion[0].DecisionId!, alert.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        // One alert: the denials that follow are the quarantine's own and raise nothing new.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.NextAlertAsync(report.AgentId, TimeSpan.FromSeconds(1)));
        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin.GetAsync("/v1/quarantine")).StatusCode);
    }
}

/// <summary>The same gateway with automatic quarantine off: each diversion step must still fall to its own guardrail.</summary>
public sealed class NoQuarantineFixture : GatewayFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ToolGate:Quarantine:OnCriticalGuardrail"] = "false",
        ["ToolGate:Quarantine:DenialThreshold"] = "1000",
    };
}

public sealed class IncidentReplayWithoutQuarantineTests(NoQuarantineFixture fixture) : IClassFixture<NoQuarantineFixture>
{
    [Fact]
    public async Task EveryDiversionStep_IsDeniedByItsOwnGuardrail_EvenWithoutQuarantine()
    {
        var gateway = fixture.Gateway;
        var timeline = new StringWriter();
        var options = new ReplayOptions(gateway.AgentsUrl, gateway.AdminUrl, GatewayHarness.AdminKey, gateway.EgressUrl,
            Directory.CreateTempSubdirectory("toolgate-replay-").FullName) { QuarantineDeadline = TimeSpan.FromMilliseconds(300) };

        var report = await new IncidentReplayRunner(options, timeline).RunAsync(CancellationToken.None);

        var diversion = report.Steps.Where(s => s.Phase == "diversion").ToList();
        Assert.All(diversion, s => Assert.False(s.Allowed, timeline.ToString()));
        Assert.Equal(
            ["guardrail:shell.tunnel", "guardrail:network.address-class", "guardrail:network.address-class",
             "guardrail:network.address-class", "guardrail:network.miner", "guardrail:compute.miner"],
            diversion.Select(s => s.Rule));
        Assert.Null(report.QuarantinedAfterFirstCritical);
        Assert.False(report.Contained);
    }
}
