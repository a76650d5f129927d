using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging;

namespace ToolGate.Benchmarks.LoadHosts;

/// <summary>
/// What every load-test host shares with the gateway's listener, so they differ only in what they serve:
/// HTTP/1.1, no Server header, warnings only, and none of the gateway's configuration.
/// </summary>
internal static class LoadHostDefaults
{
    public static void Apply(WebApplicationBuilder builder, LoadHostArguments arguments)
    {
        // The gateway's appsettings.json is copied to this output folder too: none of it applies here.
        foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(json);
        }

        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(arguments.ListenUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1);
        });
    }
}
