using System.Globalization;
using System.Net;
using Polly;
using Polly.Timeout;

namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// What counts against a backend's circuit breaker: it could not be reached (connection refused, reset, DNS),
/// it did not answer in time, or it said itself that it is unavailable (502, 503, 504). Any other answer, a 500
/// included, is the tool's verdict on that one call and passes through; a call the agent cancelled is no failure.
/// </summary>
internal static class UpstreamFailures
{
    public static bool IsFailure(Outcome<HttpResponseMessage> outcome) => Describe(outcome) is not null;

    /// <summary>A short description of the failure for logs and the admin API, or null when the outcome is no failure.</summary>
    public static string? Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception ? Describe(exception) : Describe(outcome.Result);

    public static string? Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException timeout => string.Create(CultureInfo.InvariantCulture, $"no response within {timeout.Timeout.TotalSeconds} s"),
        HttpRequestException request => $"request failed ({request.HttpRequestError}): {request.Message}",
        _ => null,
    };

    public static string? Describe(HttpResponseMessage? response) => response?.StatusCode switch
    {
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout =>
            string.Create(CultureInfo.InvariantCulture, $"the backend answered {(int)response.StatusCode}"),
        _ => null,
    };
}
