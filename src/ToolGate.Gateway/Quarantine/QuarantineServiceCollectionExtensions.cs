using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ToolGate.Core.Behaviour;
using ToolGate.Gateway.Alerts;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Gateway.Quarantine;

public static class QuarantineServiceCollectionExtensions
{
    /// <summary>
    /// The kill switch and its alarms: the behaviour monitor, the quarantine registry (loaded before the listeners
    /// open, so register this before the egress proxy), in-flight cut-offs and the alert webhook.
    /// </summary>
    public static IServiceCollection AddToolGateQuarantine(this IServiceCollection services)
    {
        services.TryAddSingleton<IQuarantineStore, SqliteQuarantineStore>();
        services.TryAddSingleton<AgentCutoffs>();
        services.TryAddSingleton(provider => new BehaviourMonitor(ThresholdsFrom(provider.GetRequiredService<IOptions<ToolGateOptions>>().Value.Quarantine)));
        services.TryAddSingleton<QuarantineRegistry>();
        services.AddHostedService(provider => provider.GetRequiredService<QuarantineRegistry>());
        services.TryAddSingleton<BehaviourWatch>();
        services.TryAddSingleton<AlertDispatcher>();
        // Polly's per-attempt timeout governs; HttpClient's own (100 s) would cut in first for a long TimeoutSeconds.
        services.AddHttpClient(AlertWebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<AlertWebhookSender>();
        return services;
    }

    private static BehaviourThresholds ThresholdsFrom(ToolGateOptions.QuarantineOptions options) => new()
    {
        DenialThreshold = options.DenialThreshold,
        DenialWindow = TimeSpan.FromSeconds(options.DenialWindowSeconds),
        QuarantineOnCritical = options.OnCriticalGuardrail,
        ProbeThreshold = options.ProbeThreshold,
        ProbeWindow = TimeSpan.FromSeconds(options.ProbeWindowSeconds),
        NewDestinationBurst = options.NewDestinationBurst,
        BurstWindow = TimeSpan.FromSeconds(options.BurstWindowSeconds),
    };
}
