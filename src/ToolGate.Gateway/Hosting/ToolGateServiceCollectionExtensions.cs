using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Agents;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Classify;
using ToolGate.Gateway.Grants;
using ToolGate.Gateway.Limit;
using ToolGate.Gateway.Pipeline;
using ToolGate.Gateway.Policies;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Hosting;

/// <summary>One registration method per component; <see cref="ToolGateApp"/> calls them in pipeline order.</summary>
public static class ToolGateServiceCollectionExtensions
{
    /// <summary>Options (validated at start-up), the clock, listeners and the HTTP conventions of the gateway.</summary>
    public static IServiceCollection AddToolGateHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ToolGateOptions>().Bind(configuration.GetSection(ToolGateOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ToolGateOptions>, FluentOptionsValidation<ToolGateOptions>>());
        services.TryAddSingleton<IValidator<ToolGateOptions>, ToolGateOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ListenerEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ListenerMatcherPolicy>());
        services.AddProblemDetails();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json =>
        {
            // A misspelt field in a grant is an error, not a silently ignored restriction.
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddHostedService<ToolGateInitializer>();
        return services;
    }

    /// <summary>The embedded stores: one SQLite file for agents, grants and the audit trail.</summary>
    public static IServiceCollection AddToolGateSqliteStores(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<IAgentStore, SqliteAgentStore>();
        services.TryAddSingleton<IGrantStore, SqliteGrantStore>();
        services.TryAddSingleton<SqliteAuditLog>();
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<SqliteAuditLog>());
        services.AddHostedService(sp => sp.GetRequiredService<SqliteAuditLog>());
        return services;
    }

    /// <summary>Grants from the API and policy files, compiled into swappable snapshots.</summary>
    public static IServiceCollection AddToolGatePolicies(this IServiceCollection services)
    {
        // Errors name fields as admins write them (camelCase JSON/YAML keys), e.g. "allow[1]", not "Allow[1]".
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.AddValidatorsFromAssemblyContaining<GrantRequestValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.TryAddSingleton<PolicyFileLoader>();
        services.TryAddSingleton<PolicySnapshotProvider>();
        services.AddHostedService<PolicyFileWatcher>();
        return services;
    }

    /// <summary>The tool-call pipeline's services: classify, decide, limit, audit, forward (YARP).</summary>
    public static IServiceCollection AddToolGatePipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<ToolRequestClassifier>();
        services.TryAddSingleton<DecisionRecorder>();
        services.TryAddSingleton<IActionRateLimiter, GrantRateLimiter>();
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<ToolRouteConfigFilter>();
        return services;
    }
}
