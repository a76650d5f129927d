namespace ToolGate.Core.Shell.Syntax;

/// <summary>
/// Parses a POSIX sh / bash command line into a <see cref="CommandList"/>: lists, pipelines, compound
/// commands, function definitions, redirections with here-documents, assignments and words split into
/// quoted, expanded and pattern parts. The tree is data for the evaluator; nothing is expanded or run.
/// </summary>
/// <remarks>
/// Never throws. Every character is read a bounded number of times (no re-scanning), and constructs nest
/// at most <see cref="MaxNestingDepth"/> deep, so time is linear in the input and the stack is bounded.
/// Failures name the construct and the offset where it starts or where parsing stopped.
/// </remarks>
public static class ShellParser
{
    public const int MaxInputLength = 16 * 1024;

    public const int MaxNestingDepth = 64;

    /// <summary>Character steps allowed per input character before parsing is abandoned (a guard, never reached by a linear parse).</summary>
    internal const int StepBudgetPerCharacter = 1024;

    public static ShellParseResult Parse(string? input) => ParseCounted(input).Result;

    /// <summary>Parses and reports how many character steps the parse took (for the linearity tests).</summary>
    internal static (ShellParseResult Result, long Steps) ParseCounted(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return (ShellParseResult.Failure("empty command", 0), 0);
        }

        if (input.Length > MaxInputLength)
        {
            return (ShellParseResult.Failure($"input longer than {MaxInputLength} characters", MaxInputLength), 0);
        }

        var nul = input.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            return (ShellParseResult.Failure($"NUL character at {nul}", nul), 0);
        }

        var context = new ShellParseContext(StepBudgetPerCharacter * (input.Length + 64L));
        try
        {
            var tree = new ShellSyntaxParser(input, context, offsetBase: 0).ParseProgram(allowEmpty: false);
            var result = tree is not null && !context.Failed
                ? ShellParseResult.Success(tree)
                : ShellParseResult.Failure(context.Error ?? "internal parser error", Math.Max(context.ErrorOffset, 0));
            return (result, context.Steps);
        }
#pragma warning disable CA1031 // The last line of defence: a parser bug must become a refusal, never a crash of the caller.
        catch (Exception)
#pragma warning restore CA1031
        {
            return (ShellParseResult.Failure("internal parser error", 0), context.Steps);
        }
    }
}
