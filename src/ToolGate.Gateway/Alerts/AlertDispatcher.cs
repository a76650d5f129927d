using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Alerts;

/// <summary>
/// Raises an alert: an Error-level log event at once (Seq sees it with the evidence), and a webhook delivery queued
/// for <see cref="AlertWebhookSender"/>. Never blocks: the decision path calls it. When the queue is full (the
/// receiver has been down for a long time) the newest alert is dropped from the webhook, never from the log.
/// </summary>
internal sealed class AlertDispatcher
{
    private readonly Channel<Alert> _queue;
    private readonly bool _webhook;
    private readonly ILogger<AlertDispatcher> _logger;

    public AlertDispatcher(IOptions<ToolGateOptions> options, ILogger<AlertDispatcher> logger)
    {
        _logger = logger;
        _webhook = !string.IsNullOrEmpty(options.Value.Alerts.WebhookUrl);
        _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(options.Value.Alerts.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    public ChannelReader<Alert> Pending => _queue.Reader;

    public void Raise(Alert alert)
    {
        Log.AlertRaised(_logger, alert.Kind, alert.AgentId, alert.Summary, alert.Rule, alert.Quarantined, alert.Evidence, alert.Id);
        if (_webhook && !_queue.Writer.TryWrite(alert))
        {
            Log.AlertDropped(_logger, alert.Id, alert.Kind, alert.AgentId);
        }
    }

    /// <summary>No more alerts: the sender drains what is queued and stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();
}
