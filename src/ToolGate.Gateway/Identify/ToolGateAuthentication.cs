using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ToolGate.Gateway.Agents;

namespace ToolGate.Gateway.Identify;

public static class ToolGateAuthentication
{
    public const string AdminScheme = "AdminKey";
    public const string AdminPolicy = "Admin";

    /// <summary>Identity headers an agent might send to claim to be someone; removed on arrival.</summary>
    public const string IdentityHeaderPrefix = "X-ToolGate-";

    private const string SuppressAutoDefaultSchemeSwitch = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    public static IServiceCollection AddToolGateIdentify(this IServiceCollection services)
    {
        services.TryAddSingleton<AgentDirectory>();
        services.TryAddSingleton<AgentIdentifier>();
        services.TryAddSingleton<AdminKey>();
        // No default scheme: being the only one, the admin scheme would become it, and the authentication middleware
        // (which WebApplication adds for every listener) would try the admin key on every tool call. Admin endpoints
        // name the scheme in their policy; agents are identified by the pipeline.
        AppContext.SetSwitch(SuppressAutoDefaultSchemeSwitch, isEnabled: true);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyHandler>(AdminScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(AdminScheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Strips every <c>X-ToolGate-*</c> request header before anything reads the request.</summary>
    public static IApplicationBuilder UseToolGateIdentityHeaderStripping(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            List<string>? forged = null;
            foreach (var header in context.Request.Headers)
            {
                if (header.Key.StartsWith(IdentityHeaderPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    (forged ??= []).Add(header.Key);
                }
            }

            forged?.ForEach(name => context.Request.Headers.Remove(name));
            return next(context);
        });
        return app;
    }

}
