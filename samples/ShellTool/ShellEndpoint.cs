using Microsoft.Extensions.Options;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ShellTool;

/// <summary>
/// <c>POST /tools/shell</c>: validates the request, then hands its <c>script</c> (or, without one, its plain <c>argv</c>
/// as a one-command script) to <see cref="ScriptRunner"/>. The <c>command</c> text is never parsed.
/// </summary>
internal static class ShellEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, ScriptRunner runner, IOptions<ShellToolOptions> options)
    {
        var (request, error) = await JsonBody.ReadAsync<ShellRequest>(context);
        if (request is null)
        {
            return SampleHost.BadRequest(error!);
        }

        IReadOnlyList<ScriptStep> script;
        if (request.Script is not null)
        {
            if (ScriptValidator.Validate(request.Script) is { } scriptError)
            {
                return SampleHost.BadRequest(scriptError);
            }

            script = request.Script;
        }
        else if (request.Argv is null)
        {
            return SampleHost.BadRequest("'script' (or, for one plain command, 'argv') is required.");
        }
        else
        {
            if (ScriptValidator.ValidateArgv(request.Argv, "argv") is { } argvError)
            {
                return SampleHost.BadRequest(argvError);
            }

            script = [ScriptStep.ForArgv(request.Argv!)];
        }

        var defaultCwd = options.Value.DefaultCwd!;
        var cwd = defaultCwd;
        if (request.Cwd is not null)
        {
            if (request.Cwd.Length == 0 || request.Cwd.Contains('\0', StringComparison.Ordinal))
            {
                return SampleHost.BadRequest("'cwd' must be a directory path when present.");
            }

            cwd = Path.GetFullPath(request.Cwd, defaultCwd);
            if (!Directory.Exists(cwd))
            {
                return SampleHost.BadRequest($"'cwd' is not an existing directory: {request.Cwd}");
            }
        }

        return TypedResults.Ok(await runner.RunAsync(script, cwd, context.RequestAborted));
    }
}
