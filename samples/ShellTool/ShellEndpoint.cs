using Microsoft.Extensions.Options;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.ShellTool;

/// <summary><c>POST /tools/shell</c>: validates the request, then hands the argv to <see cref="CommandRunner"/>.</summary>
internal static class ShellEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CommandRunner runner, IOptions<ShellToolOptions> options)
    {
        var (request, error) = await JsonBody.ReadAsync<ShellRequest>(context);
        if (request is null)
        {
            return SampleHost.BadRequest(error!);
        }

        if (request.Argv is not { Count: > 0 } argv)
        {
            return SampleHost.BadRequest("'argv' must be a non-empty array of strings.");
        }

        for (var i = 0; i < argv.Count; i++)
        {
            if (argv[i] is null)
            {
                return SampleHost.BadRequest($"'argv[{i}]' must be a string.");
            }

            if (argv[i].Contains('\0', StringComparison.Ordinal))
            {
                return SampleHost.BadRequest($"'argv[{i}]' must not contain NUL characters.");
            }
        }

        if (argv[0].Length == 0)
        {
            return SampleHost.BadRequest("'argv[0]' must name a program.");
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

        return TypedResults.Ok(await runner.RunAsync(argv, cwd, context.RequestAborted));
    }
}
