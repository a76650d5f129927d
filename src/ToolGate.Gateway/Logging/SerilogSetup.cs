using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace ToolGate.Gateway.Logging;

/// <summary>
/// Serilog from the <c>Serilog</c> configuration section, plus the Seq sink when <c>Seq:ServerUrl</c> is
/// set. Logging may drop events; the audit trail is what must not (it is written separately, first).
/// </summary>
internal static class SerilogSetup
{
    public static IServiceCollection AddToolGateLogging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSerilog((_, logger) =>
        {
            logger.ReadFrom.Configuration(configuration).Enrich.FromLogContext().Enrich.WithProperty("Application", "ToolGate");
            if (configuration["Seq:ServerUrl"] is { Length: > 0 } seqUrl)
            {
                var period = configuration.GetValue("Seq:PeriodMilliseconds", 2_000);
                logger.WriteTo.Seq(seqUrl, apiKey: configuration["Seq:ApiKey"], period: TimeSpan.FromMilliseconds(period), formatProvider: CultureInfo.InvariantCulture);
            }
        });
        return services;
    }
}
