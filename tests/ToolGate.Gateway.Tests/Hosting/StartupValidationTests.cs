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
    public async Task UnknownShellConstructInAPolicyFile_StopsStartUp_NamingFileAndField()
    {
        var error = await StartWithPolicyFileAsync("team.yaml", """
            grants:
              - agentId: coder-1
                capability: shell
                allow: ["make test"]
                constructs: [if, foreach]
            """);

        Assert.Contains("team.yaml: grants[0].constructs[1]: 'foreach' is not a shell construct (subshell, group, if, for, while, case, background)",
            error.Message, StringComparison.Ordinal);
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

    [Fact]
    public async Task MissingNetworkGuardrails_StopStartUp_NamingTheFile()
    {
        var error = await StartWithPolicyFileAsync("team.yaml", "grants: []\n");

        Assert.Contains(
            $"{Path.Combine("guardrails", "network.yaml")}: the network guardrails file is missing; without it no network action can be judged",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidNetworkGuardrails_StopStartUp_NamingFileAndField()
    {
        var error = await StartWithPolicyFileAsync("team.yaml", "grants: []\n", policies =>
        {
            GatewayHarness.CopyShippedGuardrails(policies);
            var file = Path.Combine(policies, "guardrails", "network.yaml");
            File.WriteAllText(file, File.ReadAllText(file).Replace("connectPorts: [3333,", "connectPorts: [443, 3333,", StringComparison.Ordinal));
        });

        Assert.Contains(
            $"{Path.Combine("guardrails", "network.yaml")}: mining.connectPorts[0]: 443 carries ordinary web traffic and must not be a mining indicator",
            error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("shell.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidComputeGuardrails_StopStartUp_NamingFileAndField()
    {
        var error = await StartWithPolicyFileAsync("team.yaml", "grants: []\n", policies =>
        {
            GatewayHarness.CopyShippedGuardrails(policies);
            var file = Path.Combine(policies, "guardrails", "compute.yaml");
            File.WriteAllText(file, File.ReadAllText(file).Replace("ethereum: \"0x[0-9a-fA-F]{40}\"", "ethereum: \"[a-z]+\"", StringComparison.Ordinal));
        });

        Assert.Contains(
            $"{Path.Combine("guardrails", "compute.yaml")}: miner.wallets['ethereum']: matches the ordinary word 'python'; a wallet pattern must be specific",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComputeGrantInYaml_BudgetNeedsBothFields_NamingFileEntryAndField()
    {
        var error = await StartWithPolicyFileAsync("team.yaml", """
            grants:
              - agentId: trainer
                capability: compute
                maxGpus: 2
                maxDurationSeconds: 3600
                images: ["registry.local/train:*"]
                commands: ["python train.py *"]
                gpuSecondsPerWindow: 7200
            """, GatewayHarness.CopyShippedGuardrails);

        Assert.Contains("team.yaml: grants[0].windowSeconds: 'windowSeconds' is required with 'gpuSecondsPerWindow'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<ToolGateStartupException> StartWithPolicyFileAsync(string fileName, string content, Action<string>? prepare = null)
    {
        var root = Directory.CreateTempSubdirectory("toolgate-policy-").FullName;
        try
        {
            var policies = Directory.CreateDirectory(Path.Combine(root, "policies")).FullName;
            await File.WriteAllTextAsync(Path.Combine(policies, fileName), content);
            prepare?.Invoke(policies);
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
