namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// Sits in YARP's forwarder HTTP client, around the sockets handler: every forwarded call of the cluster goes
/// through its circuit. A refused call throws <see cref="Polly.CircuitBreaker.BrokenCircuitException"/>, a slow
/// one <see cref="Polly.Timeout.TimeoutRejectedException"/>; YARP reports either as a forwarder error.
/// </summary>
internal sealed class UpstreamResilienceHandler(UpstreamCircuit circuit) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await circuit.Pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<HttpResponseMessage>(state.Handler.SendToBackendAsync(state.Request, ct)),
                (Handler: this, Request: request), cancellationToken);
        }
        catch (Exception e) when (UpstreamFailures.Describe(e) is not null)
        {
            circuit.RecordFailure(UpstreamFailures.Describe(e)!);
            throw;
        }

        if (UpstreamFailures.Describe(response) is { } failure)
        {
            circuit.RecordFailure(failure);
        }

        return response;
    }

    private Task<HttpResponseMessage> SendToBackendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
