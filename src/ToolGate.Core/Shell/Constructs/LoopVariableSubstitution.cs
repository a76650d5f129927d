using System.Buffers;
using System.Collections.Immutable;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell.Constructs;

/// <summary>
/// One iteration of an unrolled <c>for</c> loop: the body with every <c>$name</c> / <c>${name}</c> replaced by the value,
/// exactly as bash would expand it, or a refusal. Quoted, the value is literal text; unquoted in a command word or
/// redirection target it would be split on blanks and expanded as a pathname pattern, so a value that would be either
/// (or is empty, and so would vanish) is refused. Other expansions are left as they are (the judge denies them), and an
/// inner loop over the same name keeps its own body.
/// </summary>
internal sealed class LoopVariableSubstitution
{
    // IFS whitespace, pattern characters, and the backslash some bash versions treat as a pattern character.
    private static readonly SearchValues<char> SplitOrPattern = SearchValues.Create(" \t\n*?[\\");

    private static readonly SearchValues<char> PatternCharacters = SearchValues.Create("*?[\\");

    private readonly string name;
    private readonly string value;
    private readonly string plain;
    private readonly string braced;

    private LoopVariableSubstitution(string name, string value)
    {
        this.name = name;
        this.value = value;
        plain = "$" + name;
        braced = "${" + name + "}";
    }

    /// <summary>Where a word is used decides what bash does with an unquoted expansion in it.</summary>
    private enum Use
    {
        /// <summary>A command word or redirection target: split into fields and expanded as a pattern.</summary>
        Field,

        /// <summary>A case word or here-string: neither split nor expanded.</summary>
        Text,

        /// <summary>A case pattern: not split, but pattern characters in the value are active.</summary>
        Pattern,
    }

    /// <summary>What the refusal was (null while none).</summary>
    private string? Problem { get; set; }

    /// <summary>The body with <paramref name="name"/> bound to <paramref name="value"/>; null with <paramref name="problem"/> when bash would not produce plain words.</summary>
    public static CommandList? Substitute(CommandList body, string name, string value, out string? problem)
    {
        var substitution = new LoopVariableSubstitution(name, value);
        var result = substitution.List(body);
        problem = substitution.Problem;
        return problem is null ? result : null;
    }

    private CommandList List(CommandList list) =>
        new([.. list.Items.Select(item => item with { Command = AndOr(item.Command) })]);

    private AndOrList AndOr(AndOrList list) =>
        list with { Pipelines = [.. list.Pipelines.Select(p => p with { Commands = [.. p.Commands.Select(Node)] })] };

    private CommandNode Node(CommandNode node)
    {
        var rewritten = node switch
        {
            SimpleCommand simple => simple with { Words = Words(simple.Words, Use.Field) },
            Subshell s => s with { Body = List(s.Body) },
            BraceGroup b => b with { Body = List(b.Body) },
            IfClause i => i with
            {
                Branches = [.. i.Branches.Select(b => (List(b.Condition), List(b.Body)))],
                Else = i.Else is null ? null : List(i.Else),
            },
            WhileClause w => w with { Condition = List(w.Condition), Body = List(w.Body) },
            ForClause { Arithmetic: null } f => f with
            {
                Items = f.Items is { } items ? Words(items, Use.Field) : null,
                Body = f.Variable == name ? f.Body : List(f.Body),
            },
            CaseClause c => c with
            {
                Subject = Word(c.Subject, Use.Text),
                Arms = [.. c.Arms.Select(a => (Words(a.Patterns, Use.Pattern), List(a.Body)))],
            },

            // Arithmetic loops, functions, [[ ]] and (( )) are denied whatever their words hold.
            _ => node,
        };

        return node.Redirections.IsEmpty ? rewritten : rewritten with { Redirections = [.. node.Redirections.Select(Redirection)] };
    }

    private Redirection Redirection(Redirection redirection) =>
        redirection.HereDocument is not null
            ? redirection // an unquoted body with '$' in it is denied as it is
            : redirection with { Target = Word(redirection.Target, redirection.Operator == "<<<" ? Use.Text : Use.Field) };

    private ImmutableArray<Word> Words(ImmutableArray<Word> words, Use use) => [.. words.Select(w => Word(w, use))];

    private Word Word(Word word, Use use)
    {
        if (!word.Parts.Any(IsOurs))
        {
            return word;
        }

        var parts = ImmutableArray.CreateBuilder<WordPart>(word.Parts.Length);
        foreach (var part in word.Parts)
        {
            if (part is not ParameterPart parameter || !IsOurs(parameter))
            {
                parts.Add(part);
                continue;
            }

            if (!parameter.Quoted && Refused(use) is { } why)
            {
                Problem ??= $"unsupported shell construct: loop 'for' value '{value}' in unquoted '{parameter.Text}' {why} (quote it: \"{parameter.Text}\")";
            }

            // Literal from here on: bash does not expand the result again, whatever it holds.
            parts.Add(new LiteralPart(value, Quoted: true));
        }

        return word with { Parts = parts.MoveToImmutable() };
    }

    private bool IsOurs(WordPart part) => part is ParameterPart p && (p.Text == plain || p.Text == braced);

    private string? Refused(Use use) => use switch
    {
        Use.Field when value.Length == 0 => "would vanish",
        Use.Field when value.AsSpan().IndexOfAny(SplitOrPattern) >= 0 => "would be split into words or expanded as a pattern",
        Use.Pattern when value.AsSpan().IndexOfAny(PatternCharacters) >= 0 => "would be matched as a pattern",
        _ => null,
    };
}
