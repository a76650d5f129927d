using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ToolGate.Gateway.Upstreams;

namespace ToolGate.Gateway.Tests.Upstreams;

/// <summary>The circuit in YARP's client handler chain, against a scripted backend handler and a fake clock.</summary>
public sealed class UpstreamCircuitTests : IDisposable
{
    private static readonly UpstreamSettings Settings = new(
        Timeout: TimeSpan.FromSeconds(2), FailureRatio: 0.5, MinimumThroughput: 2,
        SamplingDuration: TimeSpan.FromSeconds(10), BreakDuration: TimeSpan.FromSeconds(5));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedBackendHandler _backend = new();
    private readonly UpstreamCircuit _circuit;
    private readonly HttpMessageInvoker _client;

    public UpstreamCircuitTests()
    {
        _circuit = new UpstreamCircuit("tools", Settings, _time, NullLogger.Instance);
        _client = new HttpMessageInvoker(new UpstreamResilienceHandler(_circuit) { InnerHandler = _backend });
    }

    [Fact]
    public async Task ConnectionFailures_OverTheRatio_OpenTheCircuit_AndItRefusesWithoutCallingTheBackend()
    {
        _backend.Respond = _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

        await Assert.ThrowsAsync<HttpRequestException>(SendAsync);
        await Assert.ThrowsAsync<HttpRequestException>(SendAsync);
        var refused = await Assert.ThrowsAsync<BrokenCircuitException>(SendAsync);

        Assert.Equal(2, _backend.Calls);
        Assert.Equal(CircuitState.Open, _circuit.State);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.RetryAfter);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), _circuit.OpenUntil);
        Assert.Equal("request failed (ConnectionError): Connection refused", _circuit.LastFailure?.Reason);
    }

    [Fact]
    public async Task OpenCircuit_AfterTheBreak_OneProbe_ClosesIt()
    {
        _backend.Respond = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        (await SendAsync()).Dispose();
        (await SendAsync()).Dispose();
        await Assert.ThrowsAsync<BrokenCircuitException>(SendAsync);

        _backend.Respond = _ => new HttpResponseMessage(HttpStatusCode.OK);
        _time.Advance(TimeSpan.FromSeconds(4));
        await Assert.ThrowsAsync<BrokenCircuitException>(SendAsync);
        _time.Advance(TimeSpan.FromSeconds(1));
        using var probe = await SendAsync();

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(3, _backend.Calls);
        Assert.Equal(CircuitState.Closed, _circuit.State);
        Assert.Null(_circuit.OpenUntil);
        Assert.Equal("the backend answered 503", _circuit.LastFailure?.Reason);
    }

    [Fact]
    public async Task FailedProbe_OpensTheCircuitAgain()
    {
        _backend.Respond = _ => new HttpResponseMessage(HttpStatusCode.BadGateway);
        (await SendAsync()).Dispose();
        (await SendAsync()).Dispose();
        _time.Advance(TimeSpan.FromSeconds(5));

        (await SendAsync()).Dispose();

        Assert.Equal(CircuitState.Open, _circuit.State);
        await Assert.ThrowsAsync<BrokenCircuitException>(SendAsync);
        Assert.Equal(3, _backend.Calls);
    }

    [Fact]
    public async Task ToolErrors_Such500Or400_AreTheToolsAnswer_AndNeverOpenTheCircuit()
    {
        _backend.Respond = call => new HttpResponseMessage(call % 2 == 0 ? HttpStatusCode.InternalServerError : HttpStatusCode.BadRequest);

        for (var i = 0; i < 6; i++)
        {
            (await SendAsync()).Dispose();
        }

        Assert.Equal(6, _backend.Calls);
        Assert.Equal(CircuitState.Closed, _circuit.State);
        Assert.Null(_circuit.LastFailure);
    }

    [Fact]
    public async Task SlowBackend_TimesOut_AndTimeoutsCountAsFailures()
    {
        _backend.RespondAsync = async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        };

        for (var i = 0; i < 2; i++)
        {
            var call = SendAsync();
            _time.Advance(TimeSpan.FromSeconds(2));
            var timeout = await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);
            Assert.Equal(TimeSpan.FromSeconds(2), timeout.Timeout);
        }

        Assert.Equal(CircuitState.Open, _circuit.State);
        Assert.Equal("no response within 2 s", _circuit.LastFailure?.Reason);
    }

    [Fact]
    public async Task CallCancelledByTheCaller_IsNoFailure()
    {
        _backend.RespondAsync = async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        };

        for (var i = 0; i < 3; i++)
        {
            using var cancel = new CancellationTokenSource();
            var call = _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://tool.test/x"), cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        Assert.Equal(CircuitState.Closed, _circuit.State);
        Assert.Null(_circuit.LastFailure);
    }

    [Fact]
    public void Circuits_KeepACircuitWhileItsSettingsStay_AndStartAFreshOneWhenTheyChange()
    {
        var circuits = new UpstreamCircuits(_time, NullLogger<UpstreamCircuit>.Instance);

        var first = circuits.GetOrCreate("tools", Settings);
        var same = circuits.GetOrCreate("TOOLS", Settings with { });
        var changed = circuits.GetOrCreate("tools", Settings with { BreakDuration = TimeSpan.FromSeconds(30) });

        Assert.Same(first, same);
        Assert.NotSame(first, changed);
        Assert.Same(changed, circuits.Find("tools"));
        Assert.Null(circuits.Find("other"));
    }

    public void Dispose() => _client.Dispose();

    private Task<HttpResponseMessage> SendAsync() =>
        _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://tool.test/x"), CancellationToken.None);

    private sealed class ScriptedBackendHandler : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Func<int, HttpResponseMessage> Respond { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.OK);

        public Func<int, CancellationToken, Task<HttpResponseMessage>>? RespondAsync { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            return RespondAsync is { } respond ? respond(call, cancellationToken) : Task.FromResult(Respond(call));
        }
    }
}
