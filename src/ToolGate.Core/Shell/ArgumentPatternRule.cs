using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ToolGate.Core.Shell;

/// <summary>
/// Arguments of some programs that make a command a guardrail hit when they match a pattern (<c>shell.yaml</c> →
/// <c>guardrails.argumentPatterns</c>): a setuid mode for <c>chmod</c>, <c>--privileged</c> for <c>docker</c>. Each
/// argument is tried alone, and an option with its value as one word joined by <c>=</c> (<c>--pid host</c> as
/// <c>--pid=host</c>, <c>-v/:/h</c> as <c>-v=/:/h</c>), so a pattern need name only that form.
/// </summary>
public sealed record ArgumentPatternRule(FrozenSet<string> Programs, ImmutableArray<Regex> Patterns, string Class, string Why)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(50);

    /// <summary>A pattern as the data file gives it: any case, culture-invariant, bounded in time.</summary>
    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Timeout);

    /// <summary>The first argument (in one of its readings) a pattern matches, or null.</summary>
    public string? FirstMatch(ImmutableArray<string> argv)
    {
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (Matches(argument))
            {
                return argument;
            }

            if (argument.Length > 1 && argument[0] == '-' && !argument.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 < argv.Length && Matches(argument + "=" + argv[i + 1]))
                {
                    return argument + " " + argv[i + 1];
                }

                if (argument.Length > 2 && argument[1] != '-' && Matches(string.Concat(argument.AsSpan(0, 2), "=", argument.AsSpan(2))))
                {
                    return argument;
                }
            }
        }

        return null;
    }

    private bool Matches(string text)
    {
        foreach (var pattern in Patterns)
        {
            if (pattern.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }
}
