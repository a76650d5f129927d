using System.Collections.Immutable;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell.Constructs;

/// <summary>
/// Which arms of a <c>case</c> with a static word run, as bash decides it: the arms' patterns are tried in order and the
/// first match runs; its <c>;;</c> stops there, <c>;&amp;</c> runs the next body as well without testing it, <c>;;&amp;</c>
/// goes on testing the next patterns. The word must expand to known text and every pattern must be static
/// (<see cref="CasePattern"/>); otherwise the statement cannot be resolved.
/// </summary>
internal static class CaseResolution
{
    /// <summary>Indexes of the arms that run, in order (none when nothing matches); null with <paramref name="problem"/> when it cannot be known.</summary>
    public static ImmutableArray<int>? ArmsThatRun(CaseClause clause, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (Subject(clause.Subject, out problem) is not { } subject)
        {
            return null;
        }

        var patterns = new List<List<CasePattern>>(clause.Arms.Length);
        foreach (var (words, _) in clause.Arms)
        {
            var arm = new List<CasePattern>(words.Length);
            foreach (var word in words)
            {
                if (CasePattern.TryParse(word, out problem) is not { } pattern)
                {
                    problem = $"unsupported shell construct: {problem}";
                    return null;
                }

                arm.Add(pattern);
            }

            patterns.Add(arm);
        }

        var run = ImmutableArray.CreateBuilder<int>();
        var fallingThrough = false;
        for (var i = 0; i < clause.Arms.Length; i++)
        {
            if (!fallingThrough && !patterns[i].Any(p => p.Matches(subject)))
            {
                continue;
            }

            run.Add(i);
            var terminator = i < clause.Terminators.Length ? clause.Terminators[i] : ";;";
            fallingThrough = terminator == ";&";
            if (terminator is not (";&" or ";;&"))
            {
                break;
            }
        }

        return run.ToImmutable();
    }

    /// <summary>The case word's text: expanded without splitting or pathname expansion, as bash does; null with the reason when not static.</summary>
    public static string? Subject(Word word, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(word);
        var fields = new List<ExpandedWord>(1);
        if (WordExpander.ExpandInto(word, fields) is { } error)
        {
            problem = $"unsupported shell construct: {error}";
            return null;
        }

        if (fields.Count != 1 || CasePattern.HasSurrogates(fields[0].Text))
        {
            problem = $"unsupported shell construct: case word '{word.Source}' cannot be matched exactly";
            return null;
        }

        problem = null;
        return fields[0].Text;
    }
}
