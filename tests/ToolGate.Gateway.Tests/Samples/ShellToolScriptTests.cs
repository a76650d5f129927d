using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ToolGate.Core.Shell;
using ToolGate.Gateway.Classify;
using ToolGate.Gateway.Tests.Infrastructure;
using ToolGate.Samples.ShellTool;

namespace ToolGate.Gateway.Tests.Samples;

/// <summary>
/// The sample shell tool on its own, running plans with compound commands: each body is the plan Core builds for a
/// line, written as the gateway writes it (<see cref="ShellPlanWriter"/>), so these are the shapes the tool really gets.
/// </summary>
public sealed class ShellToolScriptTests : IAsyncLifetime
{
    private WebApplication _tool = null!;
    private HttpClient _client = null!;
    private string _cwd = null!;

    public async Task InitializeAsync()
    {
        _cwd = Directory.CreateTempSubdirectory("toolgate-shelltool-").FullName;
        (_tool, _client) = await StartToolAsync("--ShellTool:TimeoutSeconds=5", "--ShellTool:MaxLoopIterations=5");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _tool.StopAsync();
        await _tool.DisposeAsync();
        Directory.Delete(_cwd, recursive: true);
    }

    [Theory]
    [InlineData("if test -f a; then echo A; elif test -f b; then echo B; else echo none; fi", "B\n", 0)]
    [InlineData("if test -f c; then echo C; elif test -f d; then echo D; else echo none; fi", "none\n", 0)]
    [InlineData("if test -f c; then echo C; fi", "", 0)]
    [InlineData("if test -f b; then echo B; false; fi", "B\n", 1)]
    [InlineData("if ! test -f c; then echo not-c; fi", "not-c\n", 0)]
    [InlineData("if test -f b; then if test -f c; then echo bc; else echo b-only; fi; fi", "b-only\n", 0)]
    public async Task If_PicksTheBranchByExitStatus(string line, string stdout, int exitCode)
    {
        await File.WriteAllTextAsync(Path.Combine(_cwd, "b"), "b");

        var result = await RunAsync(line);

        Assert.Equal(stdout, result.Text("stdout"));
        Assert.Equal(exitCode, result.GetProperty("exitCode").GetInt32());
    }

    [Theory]
    [InlineData("while test ! -f stop; do touch stop; echo once; done", "once\n", 0)]
    [InlineData("until test -f stop; do touch stop; echo once; done; echo after", "once\nafter\n", 0)]
    [InlineData("while false; do echo never; done", "", 0)]
    [InlineData("while test ! -f stop; do touch stop; false; done", "", 1)]
    public async Task WhileAndUntil_RunTheBodyWhileTheConditionSaysSo(string line, string stdout, int exitCode)
    {
        var result = await RunAsync(line);

        Assert.Equal(stdout, result.Text("stdout"));
        Assert.Equal(exitCode, result.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Loop_PastTheIterationLimit_StopsTheScriptWithAnError()
    {
        var result = await RunAsync("while true; do echo tick; done; echo after");

        Assert.Equal("tick\ntick\ntick\ntick\ntick\n", result.Text("stdout"));
        Assert.Equal("toolgate-shell: loops ran more than 5 iterations in all; the script was stopped\n", result.Text("stderr"));
        Assert.Equal(1, result.GetProperty("exitCode").GetInt32());
        Assert.False(result.GetProperty("timedOut").GetBoolean());
    }

    [Fact]
    public async Task Loop_PastTheIterationLimit_ReportsOnTheRequestsStderr_WhereverTheLoopsStderrGoes()
    {
        var result = await RunAsync("while true; do true; done 2>/dev/null | wc -l");

        Assert.Equal("toolgate-shell: loops ran more than 5 iterations in all; the script was stopped\n", result.Text("stderr"));
        Assert.Equal(1, result.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Loop_PastTheDeadline_IsKilled()
    {
        var (tool, client) = await StartToolAsync("--ShellTool:TimeoutSeconds=1");
        try
        {
            var started = Stopwatch.StartNew();
            var result = await RunAsync("until false; do sleep 3; done", client);

            Assert.True(result.GetProperty("timedOut").GetBoolean());
            Assert.Equal(137, result.GetProperty("exitCode").GetInt32());
            Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        }
        finally
        {
            client.Dispose();
            await tool.StopAsync();
            await tool.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("( true; false )", "", 1)]
    [InlineData("{ false; true; }", "", 0)]
    [InlineData("! { true; false; }", "", 0)]
    [InlineData("{ echo a; echo b; } | sort -r", "b\na\n", 0)]
    [InlineData("( echo a; echo b ) | wc -l", "2\n", 0)]
    [InlineData("printf 'x\\ny\\nz\\n' | { wc -l; }", "3\n", 0)]
    [InlineData("printf 'x\\ny\\n' | ( cat; echo end ) | tr a-z A-Z", "X\nY\nEND\n", 0)]
    [InlineData("{ ls /nonexistent-toolgate; echo shown; } 2>/dev/null", "shown\n", 0)]
    [InlineData("{ ls /nonexistent-toolgate; } 2>&1 | wc -l", "1\n", 0)]
    [InlineData("{ echo hidden; } > /dev/null; echo shown", "shown\n", 0)]
    [InlineData("for f in a 'b c'; do echo \"[$f]\"; done", "[a]\n[b c]\n", 0)]
    [InlineData("for n in 1 2 3; do echo \"$n\"; done | sort -r", "3\n2\n1\n", 0)]
    [InlineData("case b.txt in *.md) echo md;; *.txt) echo txt;; esac", "txt\n", 0)]
    [InlineData("case zz in a) echo a;; esac", "", 0)]
    public async Task GroupsSubshellsAndUnrolledBlocks_RunTheirPlans(string line, string stdout, int exitCode)
    {
        var result = await RunAsync(line);

        Assert.Equal(stdout, result.Text("stdout"));
        Assert.Equal(exitCode, result.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Background_RunsAlongside_AndTheCallWaitsForIt()
    {
        var started = Stopwatch.StartNew();

        var result = await RunAsync("{ sleep 0.5; echo late; } & echo early; true");

        Assert.Equal("early\nlate\n", result.Text("stdout"));
        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.5), "the call returned before its background job ended");
    }

    [Fact]
    public async Task Background_StatusIsZeroAtOnce()
    {
        var result = await RunAsync("true; false &");

        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Background_ReadsNothing_EvenInsideACompoundCommandThatReadsAPipe()
    {
        // bash would hand it the pipe; here it would read that pipe alongside the commands after it, so it gets no input.
        var result = await RunAsync("printf abc | { wc -c & }");

        Assert.Equal("0\n", result.Text("stdout"));
    }

    [Fact]
    public async Task Background_PastTheDeadline_IsKilledAndNothingOutlivesTheCall()
    {
        var (tool, client) = await StartToolAsync("--ShellTool:TimeoutSeconds=1");
        try
        {
            var marker = Path.Combine(_cwd, "survivor");
            var started = Stopwatch.StartNew();
            var result = await RunAsync($"{{ sleep 3; touch {marker}; }} & echo started", client);

            Assert.Equal("started\n", result.Text("stdout"));
            Assert.True(result.GetProperty("timedOut").GetBoolean());
            Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
            await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System);
            Assert.False(File.Exists(marker), "the background job ran on after the call");
        }
        finally
        {
            client.Dispose();
            await tool.StopAsync();
            await tool.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("""[{"op":null,"negated":false,"pipeline":[{"node":{"kind":"group","body":[]},"argv":["ls"],"stdout":"out","stderr":"err"}]}]""",
        "'script[0].pipeline[0]' must have either 'node' or 'argv' (with 'globs' and 'stdin'), not both.")]
    [InlineData("""[{"op":null,"negated":false,"pipeline":[{"node":{"kind":"loop","body":[]},"stdout":"out","stderr":"err"}]}]""",
        "'script[0].pipeline[0].node.kind' must be one of \"group\", \"subshell\", \"for\", \"case\", \"if\", \"while\", \"until\".")]
    [InlineData("""[{"op":null,"negated":false,"pipeline":[{"node":{"kind":"if","branches":[]},"stdout":"out","stderr":"err"}]}]""",
        "'script[0].pipeline[0].node.branches' must be a non-empty array of branches.")]
    [InlineData("""[{"op":null,"negated":false,"pipeline":[{"node":{"kind":"if","branches":[{"condition":[],"body":[]}]},"stdout":"out","stderr":"err"}]}]""",
        "'script[0].pipeline[0].node.branches[0].condition' must be a non-empty array of steps.")]
    [InlineData("""[{"op":null,"negated":false,"pipeline":[{"node":{"kind":"while","body":[{"op":null,"negated":false,"pipeline":[{"argv":["true"],"stdout":"out","stderr":"err"}]}]},"stdout":"out","stderr":"err"}]}]""",
        "'script[0].pipeline[0].node.condition' must be a non-empty array of steps.")]
    [InlineData("""[{"op":null,"negated":false,"pipeline":[{"node":{"kind":"group","body":[],"branches":[]},"stdout":"out","stderr":"err"}]}]""",
        "'script[0].pipeline[0].node.branches' does not apply to a 'group' node.")]
    [InlineData("""[{"op":null,"negated":false,"pipeline":[{"node":{"kind":"group","body":[{"op":"&&","negated":false,"pipeline":[{"argv":["true"],"stdout":"out","stderr":"err"}]}]},"stdout":"out","stderr":"err"}]}]""",
        "'script[0].pipeline[0].node.body[0].op' must be null for the first step.")]
    [InlineData("""[{"op":null,"negated":false,"pipeline":[{"node":{"kind":"subshell","body":[]},"stdout":"pipe","stderr":"err"}]}]""",
        "'script[0].pipeline[0].stdout' must be one of \"out\", \"err\", \"null\".")]
    public async Task MalformedTree_Is400NamingTheField(string script, string detail)
    {
        using var response = await _client.PostAsync("/tools/shell", Json.Body($$"""{"command":"x","cwd":"{{_cwd}}","script":{{script}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, (await Json.ReadAsync(response)).Text("detail"));
    }

    [Fact]
    public async Task TreeDeeperThanTheLimit_Is400_AndAtTheLimitRuns()
    {
        var atLimit = ShellPlan.Build(string.Concat(Enumerable.Repeat("( ", 16)) + "echo deep" + new string(')', 16))!;
        var group = new ShellPlanCompoundCommand(new ShellPlanBlock(ShellPlanBlock.Group, atLimit), "out", "err");
        var deeper = new ShellPlan([new ShellPlanStep(null, false, [group])]);

        var ran = await RunPlanAsync(atLimit, _client);
        using var refused = await _client.PostAsync("/tools/shell", Body(deeper));

        Assert.Equal("deep\n", ran.Text("stdout"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.EndsWith(".node' is nested deeper than 16 compound commands.", (await Json.ReadAsync(refused)).Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreCommandsThanTheLimit_Is400()
    {
        var step = """{"op":";","negated":false,"pipeline":[{"argv":["true"],"stdout":"out","stderr":"err"}]}""";
        var steps = """{"op":null,"negated":false,"pipeline":[{"argv":["true"],"stdout":"out","stderr":"err"}]}""" + string.Concat(Enumerable.Repeat("," + step, 4096));

        using var response = await _client.PostAsync("/tools/shell", Json.Body($$"""{"command":"x","script":[{{steps}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("'script' has more than 4096 commands in all.", (await Json.ReadAsync(response)).Text("detail"));
    }

    private Task<JsonElement> RunAsync(string line, HttpClient? client = null) =>
        RunPlanAsync(ShellPlan.Build(line) ?? throw new ArgumentException($"no plan for '{line}'", nameof(line)), client ?? _client);

    private async Task<JsonElement> RunPlanAsync(ShellPlan plan, HttpClient client)
    {
        using var response = await client.PostAsync("/tools/shell", Body(plan));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }

    private StringContent Body(ShellPlan plan)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("command", "(as planned)");
            writer.WriteString("cwd", _cwd);
            ShellPlanWriter.Write(writer, plan);
            writer.WriteEndObject();
        }

        return Json.Body(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static async Task<(WebApplication Tool, HttpClient Client)> StartToolAsync(params string[] settings)
    {
        var tool = ShellToolApp.Create(["--urls=http://127.0.0.1:0", .. settings]);
        await tool.StartAsync();
        return (tool, new HttpClient { BaseAddress = SampleTools.UrlOf(tool), Timeout = TimeSpan.FromSeconds(30) });
    }
}
