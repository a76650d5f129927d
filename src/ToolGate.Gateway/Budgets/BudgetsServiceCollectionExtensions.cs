using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ToolGate.Gateway.Budgets;

public static class BudgetsServiceCollectionExtensions
{
    /// <summary>GPU-second budgets (ledger, charge in the limit step, usage reports from tools) and egress byte budgets.</summary>
    public static IServiceCollection AddToolGateBudgets(this IServiceCollection services)
    {
        services.TryAddSingleton<IComputeLedger, SqliteComputeLedger>();
        services.TryAddSingleton<ComputeBudgets>();
        services.TryAddSingleton<UsageReports>();
        services.TryAddSingleton<IEgressLedger, SqliteEgressLedger>();
        services.TryAddSingleton<EgressBudgets>();
        return services;
    }
}
