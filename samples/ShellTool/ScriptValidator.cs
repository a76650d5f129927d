namespace ToolGate.Samples.ShellTool;

/// <summary>
/// Checks the shape of a request's <c>script</c> (or plain <c>argv</c>) before anything runs; every problem is a 400
/// with the offending field named, e.g. <c>'script[1].pipeline[0].stdout' must be one of "out", "err", "null".</c> or
/// <c>'script[0].pipeline[0].node.branches[0].condition' must be a non-empty array of steps.</c>
/// </summary>
internal static class ScriptValidator
{
    /// <summary>Commands of one pipeline run at the same time: more than this is refused.</summary>
    public const int MaxPipelineLength = 64;

    /// <summary>Compound commands nested deeper than this are refused (the gateway plans no deeper).</summary>
    public const int MaxNesting = 16;

    /// <summary>Programs and compound commands in one script, all levels together: more is refused.</summary>
    public const int MaxCommands = 4096;

    /// <returns>Null when <paramref name="script"/> can be run, otherwise the reason it cannot.</returns>
    public static string? Validate(IReadOnlyList<ScriptStep?>? script)
    {
        if (script is not { Count: > 0 })
        {
            return "'script' must be a non-empty array of steps.";
        }

        var commands = 0;
        return ValidateSteps(script, "script", nesting: 0, ref commands);
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

    private static string? ValidateSteps(IReadOnlyList<ScriptStep?> steps, string field, int nesting, ref int commands)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var stepField = $"{field}[{i}]";
            if (steps[i] is not { } step)
            {
                return $"'{stepField}' must be an object.";
            }

            if (i == 0 && step.Op is not null)
            {
                return $"'{stepField}.op' must be null for the first step.";
            }

            if (i > 0 && step.Op is not (";" or "&&" or "||"))
            {
                return $"'{stepField}.op' must be one of \";\", \"&&\", \"||\".";
            }

            if (step.Pipeline is not { Count: > 0 } pipeline)
            {
                return $"'{stepField}.pipeline' must be a non-empty array of commands.";
            }

            if (pipeline.Count > MaxPipelineLength)
            {
                return $"'{stepField}.pipeline' has more than {MaxPipelineLength} commands.";
            }

            for (var j = 0; j < pipeline.Count; j++)
            {
                if (ValidateCommand(pipeline[j], $"{stepField}.pipeline[{j}]", nesting, ref commands) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static string? ValidateCommand(ScriptCommand? command, string field, int nesting, ref int commands)
    {
        if (command is null)
        {
            return $"'{field}' must be an object.";
        }

        if (++commands > MaxCommands)
        {
            return $"'script' has more than {MaxCommands} commands in all.";
        }

        if (command.Node is { } node)
        {
            if (command.Argv is { Count: > 0 } || command.Globs is { Count: > 0 } || command.Stdin is not null)
            {
                return $"'{field}' must have either 'node' or 'argv' (with 'globs' and 'stdin'), not both.";
            }

            return Streams(command, field)
                ?? (nesting >= MaxNesting
                    ? $"'{field}.node' is nested deeper than {MaxNesting} compound commands."
                    : ValidateNode(node, $"{field}.node", nesting + 1, ref commands));
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

        if (Streams(command, field) is { } streamsError)
        {
            return streamsError;
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

    private static string? ValidateNode(ScriptNode node, string field, int nesting, ref int commands)
    {
        switch (node.Kind)
        {
            case ScriptNode.Group or ScriptNode.Subshell or ScriptNode.For or ScriptNode.Case:
                // An unrolled loop over no words, or a case where nothing matched, runs nothing: its body may be empty.
                return Unexpected(node, field, nameof(ScriptNode.Body))
                    ?? (node.Body is null ? $"'{field}.body' must be an array of steps." : ValidateSteps(node.Body, $"{field}.body", nesting, ref commands));
            case ScriptNode.If:
                if (Unexpected(node, field, nameof(ScriptNode.Branches), nameof(ScriptNode.Else)) is { } ifError)
                {
                    return ifError;
                }

                if (node.Branches is not { Count: > 0 } branches)
                {
                    return $"'{field}.branches' must be a non-empty array of branches.";
                }

                for (var i = 0; i < branches.Count; i++)
                {
                    var branchField = $"{field}.branches[{i}]";
                    var error = branches[i] is not { } branch
                        ? $"'{branchField}' must be an object."
                        : NonEmptySteps(branch.Condition, $"{branchField}.condition", nesting, ref commands)
                            ?? NonEmptySteps(branch.Body, $"{branchField}.body", nesting, ref commands);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                return node.Else is null ? null : NonEmptySteps(node.Else, $"{field}.else", nesting, ref commands);
            case ScriptNode.While or ScriptNode.Until:
                return Unexpected(node, field, nameof(ScriptNode.Condition), nameof(ScriptNode.Body))
                    ?? NonEmptySteps(node.Condition, $"{field}.condition", nesting, ref commands)
                    ?? NonEmptySteps(node.Body, $"{field}.body", nesting, ref commands);
            default:
                return $"'{field}.kind' must be one of \"group\", \"subshell\", \"for\", \"case\", \"if\", \"while\", \"until\".";
        }
    }

    private static string? NonEmptySteps(IReadOnlyList<ScriptStep?>? steps, string field, int nesting, ref int commands) =>
        steps is { Count: > 0 } ? ValidateSteps(steps, field, nesting, ref commands) : $"'{field}' must be a non-empty array of steps.";

    /// <summary>A field set that the node's kind does not use (a typo in the shape should not be ignored).</summary>
    private static string? Unexpected(ScriptNode node, string field, params string[] allowed)
    {
        (string Name, object? Value)[] fields =
        [
            (nameof(ScriptNode.Body), node.Body), (nameof(ScriptNode.Branches), node.Branches),
            (nameof(ScriptNode.Else), node.Else), (nameof(ScriptNode.Condition), node.Condition),
        ];
        var extra = fields.FirstOrDefault(f => f.Value is not null && !allowed.Contains(f.Name));
        return extra.Name is null ? null : $"'{field}.{char.ToLowerInvariant(extra.Name[0])}{extra.Name[1..]}' does not apply to a '{node.Kind}' node.";
    }

    private static string? Streams(ScriptCommand command, string field) =>
        !IsTarget(command.Stdout) ? $"'{field}.stdout' must be one of \"out\", \"err\", \"null\"."
        : !IsTarget(command.Stderr) ? $"'{field}.stderr' must be one of \"out\", \"err\", \"null\"."
        : null;

    private static bool IsTarget(string? target) => target is ScriptCommand.Out or ScriptCommand.Err or ScriptCommand.Null;
}
