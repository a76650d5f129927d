using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Alerts;

/// <summary>
/// Delivers queued alerts to <c>ToolGate:Alerts:WebhookUrl</c> as JSON, one at a time, each retried with Polly
/// (exponential back-off with jitter, a timeout per attempt) on network errors, timeouts, 408, 429 and 5xx. A
/// receiver that is down delays only later alerts, never a decision. With <c>WebhookSecret</c> set, the body is
/// signed: <c>X-ToolGate-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// </summary>
internal sealed class AlertWebhookSender(
    AlertDispatcher dispatcher,
    IHttpClientFactory clients,
    IOptions<ToolGateOptions> options,
    TimeProvider time,
    ILogger<AlertWebhookSender> logger) : BackgroundService
{
    public const string ClientName = "toolgate-alerts";
    public const string SignatureHeader = "X-ToolGate-Signature";

    private readonly ToolGateOptions.AlertsOptions _options = options.Value.Alerts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(_options.WebhookUrl))
        {
            return;
        }

        var url = new Uri(_options.WebhookUrl);
        var pipeline = BuildPipeline();
        var client = clients.CreateClient(ClientName);
        await foreach (var alert in dispatcher.Pending.ReadAllAsync(stoppingToken))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(alert, AlertJsonContext.Default.Alert);
            try
            {
                using var response = await pipeline.ExecuteAsync(
                    static async (state, ct) => await state.Sender.SendAsync(state.Client, state.Url, state.Body, ct),
                    (Sender: this, Client: client, Url: url, Body: body), stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    Log.AlertDelivered(logger, alert.Id, (int)response.StatusCode);
                }
                else
                {
                    Log.AlertDeliveryFailed(logger, alert.Id, $"the receiver answered {(int)response.StatusCode}", null);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One undeliverable alert must not end delivery for the rest, nor stop the gateway.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.AlertDeliveryFailed(logger, alert.Id, "no attempt reached the receiver", e);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri url, byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(_options.WebhookSecret))
        {
            var signature = HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(_options.WebhookSecret), body);
            request.Headers.TryAddWithoutValidation(SignatureHeader, "sha256=" + Convert.ToHexStringLower(signature));
        }

        return await client.SendAsync(request, ct);
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline() =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxAttempts - 1,
                Delay = TimeSpan.FromMilliseconds(_options.RetryDelayMilliseconds),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(_options.TimeoutSeconds))
            .Build();
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Alert))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
