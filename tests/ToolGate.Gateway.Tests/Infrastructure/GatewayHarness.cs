using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway on loopback (Kestrel, port 0) with a real SQLite file in a temporary data directory,
/// its tool routes pointed at the real sample tools. Restartable on the same data directory.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _app;

    private GatewayHarness(SampleTools tools, string root, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        Tools = tools;
        Root = root;
        _settings = settings;
        _services = services;
    }

    public SampleTools Tools { get; }

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string PoliciesDirectory => Path.Combine(Root, "policies");

    public string DatabasePath => Path.Combine(DataDirectory, "toolgate.db");

    public Uri AgentsUrl { get; private set; } = null!;

    public Uri AdminUrl { get; private set; } = null!;

    /// <summary>The egress forward proxy (HTTP_PROXY / HTTPS_PROXY for agents' sandboxes).</summary>
    public Uri EgressUrl { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The running gateway's services, for assertions about how it is wired.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the gateway is not running");

    /// <param name="services">Replaces gateway services before the gateway registers its own (e.g. a stub DNS resolver).</param>
    public static async Task<GatewayHarness> StartAsync(
        SampleTools tools, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var root = Directory.CreateTempSubdirectory("toolgate-test-").FullName;
        CopyShippedGuardrails(Path.Combine(root, "policies"));
        var settings = new Dictionary<string, string?>
        {
            ["ToolGate:Listen:Agents"] = "http://127.0.0.1:0",
            ["ToolGate:Listen:Admin"] = "http://127.0.0.1:0",
            ["ToolGate:Listen:Egress"] = "http://127.0.0.1:0",
            ["ToolGate:DataDirectory"] = Path.Combine(root, "data"),
            ["ToolGate:PoliciesDirectory"] = Path.Combine(root, "policies"),
            ["ToolGate:Admin:ApiKey"] = AdminKey,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["ReverseProxy:Clusters:shell:Destinations:local:Address"] = SampleTools.UrlOf(tools.Shell).ToString(),
            ["ReverseProxy:Clusters:fetch:Destinations:local:Address"] = SampleTools.UrlOf(tools.Fetch).ToString(),
            ["ReverseProxy:Clusters:compute:Destinations:local:Address"] = SampleTools.UrlOf(tools.Compute).ToString(),
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var harness = new GatewayHarness(tools, root, settings, services);
        await harness.StartGatewayAsync();
        return harness;
    }

    /// <summary>Builds the gateway exactly as Program does, with this harness's configuration on top.</summary>
    public static WebApplication Build(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        ToolGateApp.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            services?.Invoke(builder.Services);
        });

    /// <summary>The gateway refuses to start without its guardrail data: tests use the shipped files.</summary>
    public static void CopyShippedGuardrails(string policiesDirectory)
    {
        var target = Directory.CreateDirectory(Path.Combine(policiesDirectory, "guardrails")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Hosting.DockerComposeTests.RepositoryRoot(), "policies", "guardrails")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    public async Task RestartAsync()
    {
        await StopGatewayAsync();
        await StartGatewayAsync();
    }

    public HttpClient AgentClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = AgentsUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Creates an agent over the admin API and returns a client that presents its key.</summary>
    public async Task<(string Id, string ApiKey, HttpClient Client)> CreateAgentAsync(string? id = null)
    {
        id ??= "agent-" + Guid.NewGuid().ToString("N")[..12];
        using var response = await Admin.PostAsJsonAsync("/v1/agents", new { id, description = "test agent" });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("apiKey").GetString()!;
        return (id, key, AgentClient(key));
    }

    public async Task<string> GrantAsync(object grant)
    {
        using var response = await Admin.PostAsJsonAsync("/v1/grants", grant);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"grant failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<List<JsonElement>> AuditAsync(string query)
    {
        var page = await Admin.GetFromJsonAsync<JsonElement>("/v1/audit?limit=1000&" + query);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>
    /// <see cref="AuditAsync"/> until <paramref name="done"/> holds, for at most 5 s: outcome records are queued and committed
    /// with the next batch, so they appear shortly after the answer. Returns the last result either way; the test asserts.
    /// </summary>
    public async Task<List<JsonElement>> AuditUntilAsync(string query, Func<List<JsonElement>, bool> done)
    {
        var result = await AuditAsync(query);
        for (var i = 0; i < 50 && !done(result); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            result = await AuditAsync(query);
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await StopGatewayAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is not worth failing a test over.
        }
    }

    private async Task StartGatewayAsync()
    {
        _app = Build(_settings, _services);
        await _app.StartAsync();
        var listeners = (ListenerEndpoints)_app.Services.GetService(typeof(ListenerEndpoints))!;
        AgentsUrl = listeners.GetUri(ListenerKind.Agents);
        AdminUrl = listeners.GetUri(ListenerKind.Admin);
        EgressUrl = listeners.GetUri(ListenerKind.Egress);
        Admin = new HttpClient { BaseAddress = AdminUrl, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    private async Task StopGatewayAsync()
    {
        Admin?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }
}
