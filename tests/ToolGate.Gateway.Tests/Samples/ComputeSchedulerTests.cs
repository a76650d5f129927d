using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ToolGate.Gateway.Tests.Infrastructure;
using ToolGate.Samples.ComputeTool;

namespace ToolGate.Gateway.Tests.Samples;

/// <summary>The sample scheduler on its own: jobs run as processes, deadlines kill them, usage is reported.</summary>
public sealed class ComputeSchedulerTests : IAsyncLifetime
{
    private const string Token = "usage-token-0123456789";

    private WebApplication _tool = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync() => (_tool, _client) = await StartToolAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _tool.StopAsync();
        await _tool.DisposeAsync();
    }

    [Fact]
    public async Task Job_RunsArgvWithoutAShell_AndSucceedsWithItsOutput()
    {
        var job = await SubmitAsync(new { image = "registry.local/train:v1", argv = new[] { "echo", "hello", "$HOME;" }, gpus = 1, durationSeconds = 5, env = new { EPOCHS = "3" } });

        var ended = await WaitEndedAsync(job);

        Assert.Equal(JobState.Succeeded, ended.Text("state"));
        Assert.Equal(0, ended.GetProperty("exitCode").GetInt32());
        Assert.Equal("hello $HOME;\n", ended.Text("stdout"));
        Assert.Equal("exit", ended.Text("endedBy"));
        Assert.Equal(["EPOCHS"], ended.GetProperty("envNames").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("startedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("endedAt").ValueKind);
    }

    [Fact]
    public async Task Job_GetsItsEnv_AndANonZeroExitIsFailed()
    {
        var job = await SubmitAsync(new { image = "x", argv = new[] { "/bin/sh", "-c", "echo $EPOCHS >&2; exit 3" }, durationSeconds = 5, env = new { EPOCHS = "7" } });

        var ended = await WaitEndedAsync(job);

        Assert.Equal(JobState.Failed, ended.Text("state"));
        Assert.Equal(3, ended.GetProperty("exitCode").GetInt32());
        Assert.Equal("7\n", ended.Text("stderr"));
    }

    [Fact]
    public async Task Job_WithoutCommand_RunsTheImageDefault_WhichHereIsNothing()
    {
        var ended = await WaitEndedAsync(await SubmitAsync(new { image = "registry.local/train:v1", gpus = 2, durationSeconds = 5 }));

        Assert.Equal(JobState.Succeeded, ended.Text("state"));
        Assert.Equal(0, ended.GetProperty("usedSeconds").GetDouble());
    }

    [Fact]
    public async Task Job_OverItsDuration_IsKilledWithItsChildren_AndReportedTimedOut()
    {
        await using var receiver = await UsageReceiver.StartAsync();
        var job = await SubmitAsync(
            new
            {
                image = "registry.local/train:v1", argv = new[] { "/bin/sh", "-c", "sleep 37 & echo $!; wait" }, gpus = 2, durationSeconds = 1,
                usageReport = new { url = receiver.Url.ToString(), token = Token },
            },
            decisionId: "0190a0a0-0000-7000-8000-000000000001");

        var ended = await WaitEndedAsync(job);
        var report = await receiver.NextAsync();

        Assert.Equal(JobState.TimedOut, ended.Text("state"));
        Assert.InRange(ended.GetProperty("usedSeconds").GetDouble(), 0.9, 3);
        Assert.Equal($"ToolGate-Usage {Token}", report.Authorization);
        Assert.Equal("0190a0a0-0000-7000-8000-000000000001", report.Body.Text("decisionId"));
        Assert.Equal(job, report.Body.Text("jobId"));
        Assert.Equal(2, report.Body.GetProperty("gpus").GetInt32());
        Assert.Equal(1, report.Body.GetProperty("admittedSeconds").GetInt32());
        Assert.InRange(report.Body.GetProperty("usedSeconds").GetDouble(), 0.9, 3);
        Assert.Equal("deadline", report.Body.Text("endedBy"));
        Assert.False(IsAlive(int.Parse(ended.Text("stdout").Trim(), System.Globalization.CultureInfo.InvariantCulture)), "the job's child outlived the deadline");
    }

    [Fact]
    public async Task Cancel_KillsTheRunningJob_AndReportsIt_ThenConflicts()
    {
        await using var receiver = await UsageReceiver.StartAsync();
        var job = await SubmitAsync(new { image = "x", argv = new[] { "sleep", "30" }, durationSeconds = 20, usageReport = new { url = receiver.Url.ToString(), token = Token } });
        await WaitStateAsync(job, JobState.Running);

        using var cancel = await _client.DeleteAsync($"/tools/compute/jobs/{job}");
        var ended = await WaitEndedAsync(job);
        var report = await receiver.NextAsync();
        using var again = await _client.DeleteAsync($"/tools/compute/jobs/{job}");

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(JobState.Cancelled, ended.Text("state"));
        Assert.Equal("cancel", report.Body.Text("endedBy"));
        Assert.True(report.Body.GetProperty("usedSeconds").GetDouble() < 5);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task UsageReport_IsRetriedUntilDelivered()
    {
        await using var receiver = await UsageReceiver.StartAsync(failures: 2);

        var job = await SubmitAsync(new { image = "x", argv = new[] { "true" }, durationSeconds = 5, usageReport = new { url = receiver.Url.ToString(), token = Token } });
        var report = await receiver.NextAsync();

        Assert.Equal(job, report.Body.Text("jobId"));
        Assert.Equal("exit", report.Body.Text("endedBy"));
        Assert.Equal(3, receiver.Attempts);
    }

    [Fact]
    public async Task Concurrency_IsBounded_FurtherJobsWaitQueued()
    {
        var (tool, client) = await StartToolAsync("--ComputeTool:MaxConcurrentJobs=1");
        try
        {
            var first = await SubmitAsync(new { image = "x", argv = new[] { "sleep", "30" }, durationSeconds = 20 }, client: client);
            var second = await SubmitAsync(new { image = "x", argv = new[] { "sleep", "30" }, durationSeconds = 20 }, client: client);
            await WaitStateAsync(first, JobState.Running, client);

            Assert.Equal(JobState.Queued, (await GetAsync(second, client)).Text("state"));

            using var cancelQueued = await client.DeleteAsync($"/tools/compute/jobs/{second}");
            Assert.Equal(JobState.Cancelled, (await WaitEndedAsync(second, client)).Text("state"));
            Assert.Equal(JobState.Running, (await GetAsync(first, client)).Text("state"));
        }
        finally
        {
            client.Dispose();
            await tool.StopAsync();
            await tool.DisposeAsync();
        }
    }

    [Fact]
    public async Task Shutdown_KillsRunningJobs_AndReportsThem()
    {
        await using var receiver = await UsageReceiver.StartAsync();
        var (tool, client) = await StartToolAsync();
        var job = await SubmitAsync(new { image = "x", argv = new[] { "sleep", "30" }, durationSeconds = 20, usageReport = new { url = receiver.Url.ToString(), token = Token } }, client: client);
        await WaitStateAsync(job, JobState.Running, client);

        await tool.StopAsync();
        var report = await receiver.NextAsync();
        client.Dispose();
        await tool.DisposeAsync();

        Assert.Equal("shutdown", report.Body.Text("endedBy"));
        Assert.True(report.Body.GetProperty("usedSeconds").GetDouble() < 5);
    }

    [Theory]
    [InlineData("{\"image\": \"x\", \"durationSeconds\": 0}", "durationSeconds")]
    [InlineData("{\"image\": \"x\", \"durationSeconds\": 5, \"argv\": []}", "argv")]
    [InlineData("{\"image\": \"x\", \"durationSeconds\": 5, \"env\": {\"1X\": \"y\"}}", "env")]
    [InlineData("{\"image\": \"x\", \"durationSeconds\": 5, \"usageReport\": {\"url\": \"file:///etc/passwd\", \"token\": \"t\"}}", "usageReport.url")]
    [InlineData("{\"image\": \"x\", \"durationSeconds\": 5, \"usageReport\": {\"url\": \"http://127.0.0.1:1/\", \"token\": \"a\\r\\nX-Evil: 1\"}}", "usageReport.token")]
    public async Task Submit_Invalid_IsRefusedNamingTheField(string body, string field)
    {
        using var response = await _client.PostAsync("/tools/compute/jobs", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    private static async Task<(WebApplication Tool, HttpClient Client)> StartToolAsync(params string[] settings)
    {
        var tool = ComputeToolApp.Create(["--urls=http://127.0.0.1:0", "--ComputeTool:UsageReportRetryDelay=00:00:00.050", .. settings]);
        await tool.StartAsync();
        return (tool, new HttpClient { BaseAddress = SampleTools.UrlOf(tool), Timeout = TimeSpan.FromSeconds(10) });
    }

    private async Task<string> SubmitAsync(object job, string? decisionId = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tools/compute/jobs") { Content = Json.Body(JsonSerializer.Serialize(job)) };
        if (decisionId is not null)
        {
            request.Headers.Add("X-ToolGate-Decision-Id", decisionId);
        }

        using var response = await (client ?? _client).SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response)).Text("id");
    }

    private async Task<JsonElement> GetAsync(string id, HttpClient? client = null)
    {
        using var response = await (client ?? _client).GetAsync($"/tools/compute/jobs/{id}");
        response.EnsureSuccessStatusCode();
        return await Json.ReadAsync(response);
    }

    private Task<JsonElement> WaitEndedAsync(string id, HttpClient? client = null) =>
        WaitAsync(id, state => state is JobState.Succeeded or JobState.Failed or JobState.TimedOut or JobState.Cancelled, client);

    private Task<JsonElement> WaitStateAsync(string id, string expected, HttpClient? client = null) => WaitAsync(id, state => state == expected, client);

    private async Task<JsonElement> WaitAsync(string id, Func<string, bool> done, HttpClient? client)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var job = await GetAsync(id, client);
            if (done(job.Text("state")))
            {
                return job;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(10), $"job {id} is still {job.Text("state")}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    // A killed child reparented to a PID 1 that does not reap stays a zombie: dead all the same.
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
