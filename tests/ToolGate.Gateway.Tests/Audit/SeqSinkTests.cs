using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Audit;

/// <summary>
/// Seq does not run here: a loopback server accepts Seq's ingestion endpoint, and the test checks that
/// decision events arrive as structured CLEF with the properties auditors query.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SeqSinkTests
{
    [Fact]
    public async Task DecisionEvents_ReachSeq_WithTheirProperties()
    {
        var events = new ConcurrentQueue<JsonElement>();
        var posts = new ConcurrentQueue<string>();
        await using var seq = WebApplication.Create(["--urls=http://127.0.0.1:0"]);
        seq.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            posts.Enqueue($"{request.Path} {request.ContentType} {text.Length}");
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                events.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
            }

            return Results.Created();
        });
        await seq.StartAsync();

        await using var tools = await SampleTools.StartAsync();
        await using var gateway = await GatewayHarness.StartAsync(tools, new Dictionary<string, string?>
        {
            ["Seq:ServerUrl"] = seq.Urls.First(),
            ["Seq:PeriodMilliseconds"] = "100",
            ["Serilog:MinimumLevel:Override:ToolGate"] = "Information",
        });
        var (id, _, client) = await gateway.CreateAgentAsync();
        using var response = await client.PostAsync("/tools/shell", Json.Body("{\"command\":\"cat /etc/shadow\"}"));
        var decisionId = (await Json.ReadAsync(response)).Text("decisionId");

        JsonElement? Find() => events.Cast<JsonElement?>().FirstOrDefault(e => e!.Value.TryGetProperty("DecisionId", out var d) && d.GetString() == decisionId);
        var decision = Find();
        for (var i = 0; i < 200 && decision is null; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            decision = Find();
        }

        // A busy machine can hold the sink's batch back; stopping the gateway flushes it.
        await gateway.DisposeAsync();
        decision ??= Find();

        Assert.True(decision.HasValue, $"no decision event reached the Seq endpoint ({events.Count} events did: {string.Join(" | ", events.Select(e => e.GetRawText()))}; posts: {string.Join(", ", posts)})");
        var e = decision.Value;
        Assert.Equal(id, e.Text("AgentId"));
        Assert.Equal("shell", e.Text("Capability"));
        Assert.Equal("deny", e.Text("Decision"));
        Assert.Equal("default-deny", e.Text("Rule"));
        Assert.Equal("cat /etc/shadow", e.Text("Target"));
        Assert.Contains("no shell grant allows 'cat'", e.Text("Reason"), StringComparison.Ordinal);
        Assert.Equal("Warning", e.Text("@l"));
    }
}
