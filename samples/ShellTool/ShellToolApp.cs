using Microsoft.Extensions.Options;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ShellTool;

/// <summary>Sample shell tool: <c>POST /tools/shell</c> runs the checked script (or argv) directly, with no shell.</summary>
public static class ShellToolApp
{
    public const string DefaultUrl = "http://127.0.0.1:9101";

    /// <summary>Builds (does not start) the app. <paramref name="args"/> are normal ASP.NET Core args, e.g. <c>--urls=http://127.0.0.1:0</c>.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = SampleHost.CreateBuilder(args, typeof(ShellToolApp), DefaultUrl);
        builder.Services.AddOptions<ShellToolOptions>()
            .Bind(builder.Configuration.GetSection(ShellToolOptions.SectionName))
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 3600, "ShellTool:TimeoutSeconds must be between 1 and 3600.")
            .Validate(o => o.MaxLoopIterations is >= 1 and <= 1_000_000, "ShellTool:MaxLoopIterations must be between 1 and 1000000.")
            .Validate(o => o.DefaultCwd is null || Directory.Exists(o.DefaultCwd), "ShellTool:DefaultCwd must be an existing directory.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IPostConfigureOptions<ShellToolOptions>, ShellToolOptionsSetup>();
        builder.Services.AddSingleton<ScriptRunner>();

        // A script nests compound commands up to ScriptValidator.MaxNesting deep, about seven JSON levels each.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.MaxDepth = 8 * (ScriptValidator.MaxNesting + 1));

        var app = builder.Build();
        app.UseSampleDefaults("/tools");
        app.MapPost("/tools/shell", ShellEndpoint.HandleAsync);
        return app;
    }
}
