using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using ToolGate.Benchmarks.Decisions;
using ToolGate.Gateway;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Benchmarks;

/// <summary>
/// The real gateway in process for benchmarks that need it (Release, audit trail on disk under <paramref name="root"/>):
/// loopback listeners on port 0, the shipped guardrail files, a known admin key, and one agent with one grant.
/// </summary>
internal sealed class BenchmarkGateway(WebApplication app, ListenerEndpoints listeners, string agentKey) : IAsyncDisposable
{
    private const string AdminKey = "benchmark-admin-key-0123456789abcdef0123";

    public ListenerEndpoints Listeners { get; } = listeners;

    /// <summary>The key of the agent created at start.</summary>
    public string AgentKey { get; } = agentKey;

    /// <param name="settings">Configuration on top of the defaults (e.g. MCP servers, egress networks).</param>
    /// <param name="grant">The grant of agent <c>bench-agent</c>, as the admin API takes it.</param>
    public static async Task<BenchmarkGateway> StartAsync(string root, IDictionary<string, string?> settings, object grant)
    {
        var guardrails = Directory.CreateDirectory(Path.Combine(root, "policies", "guardrails")).FullName;
        foreach (var file in Directory.EnumerateFiles(BenchmarkKnowledge.GuardrailsDirectory))
        {
            File.Copy(file, Path.Combine(guardrails, Path.GetFileName(file)));
        }

        var configuration = new Dictionary<string, string?>
        {
            ["ToolGate:Listen:Agents"] = "http://127.0.0.1:0",
            ["ToolGate:Listen:Admin"] = "http://127.0.0.1:0",
            ["ToolGate:Listen:Egress"] = "http://127.0.0.1:0",
            ["ToolGate:DataDirectory"] = Path.Combine(root, "data"),
            ["ToolGate:PoliciesDirectory"] = Path.Combine(root, "policies"),
            ["ToolGate:Admin:ApiKey"] = AdminKey,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (name, value) in settings)
        {
            configuration[name] = value;
        }

        var app = ToolGateApp.Create([], builder => builder.Configuration.AddInMemoryCollection(configuration));
        await app.StartAsync();
        var listeners = (ListenerEndpoints)app.Services.GetService(typeof(ListenerEndpoints))!;

        using var admin = new HttpClient { BaseAddress = listeners.GetUri(ListenerKind.Admin) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var created = await admin.PostAsJsonAsync("/v1/agents", new { id = "bench-agent" });
        var key = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        using var granted = await admin.PostAsJsonAsync("/v1/grants", grant);
        granted.EnsureSuccessStatusCode();
        return new BenchmarkGateway(app, listeners, key);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
