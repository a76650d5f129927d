namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Checks the shape of a request's <c>script</c> (or plain <c>argv</c>) before anything runs; every problem is a 400
/// with the offending field named, e.g. <c>'script[1].pipeline[0].stdout' must be one of "out", "err", "null".</c>
/// </summary>
internal static class ScriptValidator
{
    /// <summary>Commands of one pipeline run at the same time: more than this is refused.</summary>
    public const int MaxPipelineLength = 64;

    /// <returns>Null when <paramref name="script"/> can be run, otherwise the reason it cannot.</returns>
    public static string? Validate(IReadOnlyList<ScriptStep?>? script)
    {
        if (script is not { Count: > 0 })
        {
            return "'script' must be a non-empty array of steps.";
        }

        for (var i = 0; i < script.Count; i++)
        {
            var field = $"script[{i}]";
            if (script[i] is not { } step)
            {
                return $"'{field}' must be an object.";
            }

            if (i == 0 && step.Op is not null)
            {
                return $"'{field}.op' must be null for the first step.";
            }

            if (i > 0 && step.Op is not (";" or "&&" or "||"))
            {
                return $"'{field}.op' must be one of \";\", \"&&\", \"||\".";
            }

            if (step.Pipeline is not { Count: > 0 } pipeline)
            {
                return $"'{field}.pipeline' must be a non-empty array of commands.";
            }

            if (pipeline.Count > MaxPipelineLength)
            {
                return $"'{field}.pipeline' has more than {MaxPipelineLength} commands.";
            }

            for (var j = 0; j < pipeline.Count; j++)
            {
                if (ValidateCommand(pipeline[j], $"{field}.pipeline[{j}]") is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    /// <returns>Null when <paramref name="argv"/> is a runnable argv, otherwise the reason (naming <paramref name="field"/>).</returns>
    public static string? ValidateArgv(IReadOnlyList<string?>? argv, string field)
    {
        if (argv is not { Count: > 0 })
        {
            return $"'{field}' must be a non-empty array of strings.";
        }

        for (var i = 0; i < argv.Count; i++)
        {
            if (argv[i] is not { } word)
            {
                return $"'{field}[{i}]' must be a string.";
            }

            if (word.Contains('\0', StringComparison.Ordinal))
            {
                return $"'{field}[{i}]' must not contain NUL characters.";
            }
        }

        return argv[0]!.Length == 0 ? $"'{field}[0]' must name a program." : null;
    }

    private static string? ValidateCommand(ScriptCommand? command, string field)
    {
        if (command is null)
        {
            return $"'{field}' must be an object.";
        }

        if (ValidateArgv(command.Argv, $"{field}.argv") is { } argvError)
        {
            return argvError;
        }

        if (command.Globs is { } globs)
        {
            var seen = new HashSet<int>();
            foreach (var index in globs)
            {
                if (index < 0 || index >= command.Argv!.Count || !seen.Add(index))
                {
                    return $"'{field}.globs' must hold distinct indexes into argv (0 to {command.Argv!.Count - 1}).";
                }
            }
        }

        if (!IsTarget(command.Stdout))
        {
            return $"'{field}.stdout' must be one of \"out\", \"err\", \"null\".";
        }

        if (!IsTarget(command.Stderr))
        {
            return $"'{field}.stderr' must be one of \"out\", \"err\", \"null\".";
        }

        if (command.Stdin is { } stdin)
        {
            if ((stdin.Text is null) == (stdin.File is null))
            {
                return $"'{field}.stdin' must have exactly one of 'text' and 'file'.";
            }

            if (stdin.File is { } file && (file.Length == 0 || file.Contains('\0', StringComparison.Ordinal)))
            {
                return $"'{field}.stdin.file' must be a non-empty path without NUL characters.";
            }
        }

        return null;
    }

    private static bool IsTarget(string? target) => target is ScriptCommand.Out or ScriptCommand.Err or ScriptCommand.Null;
}
