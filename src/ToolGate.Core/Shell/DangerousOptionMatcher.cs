using System.Buffers;
using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ToolGate.Core.Shell;

/// <summary>
/// A program's "anywhere" dangerous options, compiled once with the knowledge so that an argument is checked with
/// a set look-up instead of against every option. Answers exactly as trying each option in turn
/// (<see cref="OptionMatches"/>); options outside the shapes it compiles (a <c>--long</c> option with <c>=</c> in
/// it, a one-character option) make it do just that.
/// </summary>
internal sealed class DangerousOptionMatcher
{
    private readonly ImmutableArray<string> _options;
    private readonly bool _compiled;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _long;
    private readonly FrozenSet<string> _exact;

    // The first characters of the _exact words: most arguments (subcommands, file names) are ruled out without hashing them.
    private readonly SearchValues<char> _exactFirst;
    private readonly SearchValues<char> _letters;

    public DangerousOptionMatcher(ImmutableArray<string> options)
    {
        _options = options;
        _compiled = options.All(o => o.Length >= 2 && !(o.StartsWith("--", StringComparison.Ordinal) && o.Contains('=', StringComparison.Ordinal)));
        _long = options.Where(o => o.StartsWith("--", StringComparison.Ordinal)).ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _exact = options.Where(o => !o.StartsWith("--", StringComparison.Ordinal) && o.Length > 2).ToFrozenSet(StringComparer.Ordinal);
        _exactFirst = SearchValues.Create([.. _exact.Select(o => o[0]).Distinct()]);
        _letters = SearchValues.Create([.. options.Where(o => !o.StartsWith("--", StringComparison.Ordinal) && o.Length == 2).Select(o => o[1])]);
    }

    /// <summary>Whether any of the options matches <paramref name="argument"/>.</summary>
    public bool Matches(string argument)
    {
        if (!_compiled)
        {
            foreach (var option in _options)
            {
                if (OptionMatches(argument, option))
                {
                    return true;
                }
            }

            return false;
        }

        // --long and --long=value: the name before the first '=' is the option (no compiled option has '=' in it).
        if (argument.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            return _long.Contains(equals < 0 ? argument : argument.AsSpan(0, equals));
        }

        return (argument.Length > 2 && _exactFirst.Contains(argument[0]) && _exact.Contains(argument))
            || (argument.Length >= 2 && argument[0] == '-' && argument[1] != '-' && argument.AsSpan(1).ContainsAny(_letters));
    }

    // --long and --long=value; single-dash words (-exec) exactly; one-letter options alone, glued or bundled.
    internal static bool OptionMatches(string argument, string option) =>
        option.StartsWith("--", StringComparison.Ordinal)
            ? argument.StartsWith(option, StringComparison.Ordinal) && (argument.Length == option.Length || argument[option.Length] == '=')
        : option.Length > 2 ? argument == option
        : argument.Length >= 2 && argument[0] == '-' && argument[1] != '-' && argument.AsSpan(1).Contains(option[1]);
}
