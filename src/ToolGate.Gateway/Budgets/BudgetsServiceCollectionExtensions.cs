using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ToolGate.Gateway.Budgets;

public static class BudgetsServiceCollectionExtensions
{
    /// <summary>GPU-second budgets: the durable ledger, the charge in the limit step, and usage reports from tools.</summary>
    public static IServiceCollection AddToolGateBudgets(this IServiceCollection services)
    {
        services.TryAddSingleton<IComputeLedger, SqliteComputeLedger>();
        services.TryAddSingleton<ComputeBudgets>();
        services.TryAddSingleton<UsageReports>();
        return services;
    }
}
