using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ToolGate.Gateway.Admin;
using ToolGate.Gateway.Budgets;
using ToolGate.Gateway.Egress;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Identify;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Mcp;
using ToolGate.Gateway.Pipeline;
using ToolGate.Gateway.Problems;
using ToolGate.Gateway.Quarantine;
using ToolGate.Gateway.Upstreams;

namespace ToolGate.Gateway;

/// <summary>
/// Builds the gateway. Tests call <see cref="Create"/> with their own configuration and run the real
/// server on loopback; <c>Program</c> calls it with the command line.
/// </summary>
public static class ToolGateApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json travels with the binaries; data and policy paths stay relative to where it is run.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);

        var options = builder.Configuration.GetSection(ToolGateOptions.SectionName).Get<ToolGateOptions>() ?? new ToolGateOptions();
        var validation = new ToolGateOptionsValidator().Validate(options);
        if (!validation.IsValid)
        {
            throw new ToolGateStartupException("Invalid configuration:" + Environment.NewLine + "  "
                + string.Join(Environment.NewLine + "  ", validation.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
        }

        var listeners = new ListenerEndpoints();
        builder.Services.AddSingleton(listeners);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Both parse: the options were validated above.
            _ = ToolGateOptionsValidator.TryParseListenUrl(options.Listen.Agents, out var agents);
            _ = ToolGateOptionsValidator.TryParseListenUrl(options.Listen.Admin, out var admin);
            listeners.Configure(kestrel, ListenerKind.Agents, agents);
            listeners.Configure(kestrel, ListenerKind.Admin, admin);
        });

        builder.Services
            .AddToolGateLogging(builder.Configuration)
            .AddToolGateHosting(builder.Configuration)
            .AddToolGateSqliteStores()
            .AddToolGateIdentify()
            .AddToolGatePolicies()
            .AddToolGateUpstreams()
            .AddToolGatePipeline(builder.Configuration)
            .AddToolGateBudgets()
            .AddToolGateMcp()
            .AddToolGateQuarantine()
            .AddToolGateEgress()
            .AddToolGateAdminApi();

        var app = builder.Build();
        app.UseToolGateBadRequestProblems();
        app.UseToolGateIdentityHeaderStripping();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWhen(context => context.GetListener() == ListenerKind.Admin, admin => admin.UseSwaggerUI());

        // Agent listener: identify → classify → decide → limit → audit → forward.
        app.MapReverseProxy(proxy => proxy.UseToolGatePipeline())
            .WithMetadata(new ListenerScope(ListenerKind.Agents));
        app.MapToolGateUsageReports();
        app.MapToolGateAgentFallback();

        // Admin listener: REST API, Swagger, audit queries.
        app.MapToolGateAdminApi();

        app.Lifetime.ApplicationStarted.Register(() => Log.Listening(
            app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ListenerEndpoints>>(),
            listeners.GetUri(ListenerKind.Agents), listeners.GetUri(ListenerKind.Admin), listeners.GetUri(ListenerKind.Egress)));
        return app;
    }
}
