using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Tests.Infrastructure;

namespace ToolGate.Gateway.Tests.Hosting;

public sealed class StartupValidationTests
{
    [Fact]
    public void InvalidOptions_StopStartUp_NamingEveryField()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ToolGate:Listen:Agents"] = "https://example.com/x",
            ["ToolGate:Admin:ApiKey"] = "short",
            ["ToolGate:Egress:AllowedNetworks:0"] = "not-a-cidr",
        };

        var error = Assert.Throws<ToolGateStartupException>(() => GatewayHarness.Build(settings));

        Assert.Contains("ToolGate:Listen:Agents", error.Message, StringComparison.Ordinal);
        Assert.Contains("ToolGate:Admin:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("'not-a-cidr' is not a CIDR network", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidPolicyFile_StopsStartUp_NamingFileAndField()
    {
        var error = await StartWithPolicyFileAsync("team.yaml", """
            grants:
              - agentId: coder-1
                capability: shell
                allow: ["git status", "git log; id"]
            """);

        Assert.Contains("team.yaml: grants[0].allow[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("unsupported shell construct ';'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedYaml_StopsStartUp_NamingFileAndLine()
    {
        var error = await StartWithPolicyFileAsync("broken.yaml", "grants:\n  - agentId: a\n    capabilty: shell\n");

        Assert.Contains("broken.yaml: line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongValueTypeInYaml_NamesTheRealProblem()
    {
        var error = await StartWithPolicyFileAsync("dates.yaml", "grants:\n  - agentId: a\n    capability: shell\n    allow: [ls]\n    expiresAt: tomorrow\n");

        Assert.Contains("dates.yaml: line 5", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("target of an invocation", error.Message, StringComparison.Ordinal);
    }

    private static async Task<ToolGateStartupException> StartWithPolicyFileAsync(string fileName, string content)
    {
        var root = Directory.CreateTempSubdirectory("toolgate-policy-").FullName;
        try
        {
            var policies = Directory.CreateDirectory(Path.Combine(root, "policies")).FullName;
            await File.WriteAllTextAsync(Path.Combine(policies, fileName), content);
            var settings = new Dictionary<string, string?>
            {
                ["ToolGate:Listen:Agents"] = "http://127.0.0.1:0",
                ["ToolGate:Listen:Admin"] = "http://127.0.0.1:0",
                ["ToolGate:DataDirectory"] = Path.Combine(root, "data"),
                ["ToolGate:PoliciesDirectory"] = policies,
                ["ToolGate:Admin:ApiKey"] = GatewayHarness.AdminKey,
            };
            await using var app = GatewayHarness.Build(settings);
            return await Assert.ThrowsAsync<ToolGateStartupException>(() => app.StartAsync());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
