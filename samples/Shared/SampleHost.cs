using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ToolGate.Samples.Shared;

/// <summary>The hosting setup the three sample tools share.</summary>
internal static class SampleHost
{
    /// <summary>Sample tools take small JSON bodies; anything larger is refused by Kestrel with 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// Creates the builder. Configuration comes from environment variables and <paramref name="args"/> only:
    /// appsettings*.json files are ignored, because integration tests run the samples in-process from the
    /// test output folder, where the gateway's appsettings.json (Kestrel endpoints, logging, ...) also lives.
    /// <paramref name="defaultUrl"/> is used only when no urls / http_ports / https_ports setting was given
    /// (--urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, ...).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, Type appType, string defaultUrl)
    {
        ArgumentNullException.ThrowIfNull(appType);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = appType.Assembly.GetName().Name,
        });

        var sources = builder.Configuration.Sources;
        var appSettings = sources
            .OfType<JsonConfigurationSource>()
            .Where(s => s.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        foreach (var source in appSettings)
        {
            sources.Remove(source);
        }

        // Quiet defaults instead (startup lines and warnings); environment variables and args still override them.
        sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            },
        });

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey]))
        {
            builder.WebHost.UseUrls(defaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.AddProblemDetails();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestJournal>();
        return builder;
    }

    /// <summary>Problem details for errors, the request journal for <paramref name="toolPrefix"/>, <c>/received</c> and <c>/healthz</c>.</summary>
    public static WebApplication UseSampleDefaults(this WebApplication app, PathString toolPrefix)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestJournal(toolPrefix);
        app.MapRequestJournal();
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        return app;
    }

    /// <summary>A 400 problem details response.</summary>
    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
}
