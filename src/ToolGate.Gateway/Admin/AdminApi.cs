using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Budgets;
using ToolGate.Gateway.Identify;
using ToolGate.Gateway.Mcp;
using ToolGate.Gateway.Quarantine;

namespace ToolGate.Gateway.Admin;

/// <summary>The admin REST API: served on the admin listener only, admin key required, documented in Swagger.</summary>
public static class AdminApi
{
    public static IServiceCollection AddToolGateAdminApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo { Title = "ToolGate admin API", Version = "v1" });
            swagger.AddSecurityDefinition("AdminKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The admin key (ToolGate:Admin:ApiKey, or the one printed on first start).",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("AdminKey", document)] = [],
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapToolGateAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/v1")
            .WithMetadata(new ListenerScope(ListenerKind.Admin))
            .RequireAuthorization(ToolGateAuthentication.AdminPolicy);
        admin.MapAgentsApi().MapGrantsApi().MapEvaluateApi().MapAuditApi().MapQuarantineApi().MapUpstreamsApi().MapUsageApi().MapMcpApi();

        endpoints.MapSwagger().WithMetadata(new ListenerScope(ListenerKind.Admin));
        endpoints.MapFallback("{*path}", () => TypedResults.Problem(
                Problems.ProblemResponses.Create(StatusCodes.Status404NotFound, "Not found", "no admin endpoint at this path", "admin", null)))
            .WithMetadata(new ListenerScope(ListenerKind.Admin)).ExcludeFromDescription();
        return endpoints;
    }
}
