using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Syntax;

/// <summary>
/// Puts here-document bodies into the tree. A body is read after the command that names it has been built (at the
/// next newline), so the parser records each redirection with its body and this rebuilds the tree once, at the
/// end, swapping them in. Subtrees without such a redirection are returned as they are.
/// </summary>
internal sealed class HereDocumentResolver(IReadOnlyDictionary<Redirection, Redirection> read)
{
    public CommandList List(CommandList list)
    {
        var items = Map(list.Items, item =>
        {
            var command = AndOr(item.Command);
            return ReferenceEquals(command, item.Command) ? item : item with { Command = command };
        });
        return items == list.Items ? list : new CommandList(items);
    }

    public ImmutableArray<WordPart> Parts(ImmutableArray<WordPart> parts) => Map(parts, Part);

    private AndOrList AndOr(AndOrList andOr)
    {
        var pipelines = Map(andOr.Pipelines, pipeline =>
        {
            var commands = Map(pipeline.Commands, Command);
            return commands == pipeline.Commands ? pipeline : pipeline with { Commands = commands };
        });
        return pipelines == andOr.Pipelines ? andOr : andOr with { Pipelines = pipelines };
    }

    private CommandNode Command(CommandNode node)
    {
        var rebuilt = node switch
        {
            SimpleCommand simple => Simple(simple),
            Subshell subshell => Replace(subshell, subshell.Body, body => subshell with { Body = body }),
            BraceGroup group => Replace(group, group.Body, body => group with { Body = body }),
            IfClause clause => If(clause),
            ForClause loop => For(loop),
            WhileClause loop => While(loop),
            CaseClause clause => Case(clause),
            FunctionDefinition function => Function(function),
            TestCommand test => Test(test),
            _ => node,
        };

        var redirections = Map(rebuilt.Redirections, Redirection);
        return redirections == rebuilt.Redirections ? rebuilt : rebuilt with { Redirections = redirections };
    }

    private SimpleCommand Simple(SimpleCommand simple)
    {
        var assignments = Map(simple.Assignments, assignment =>
        {
            var value = Word(assignment.Value);
            return ReferenceEquals(value, assignment.Value) ? assignment : assignment with { Value = value };
        });
        var words = Map(simple.Words, Word);
        return assignments == simple.Assignments && words == simple.Words ? simple : simple with { Assignments = assignments, Words = words };
    }

    private IfClause If(IfClause clause)
    {
        var branches = Map(clause.Branches, branch =>
        {
            var (condition, body) = (List(branch.Condition), List(branch.Body));
            return ReferenceEquals(condition, branch.Condition) && ReferenceEquals(body, branch.Body) ? branch : (condition, body);
        });
        var otherwise = clause.Else is null ? null : List(clause.Else);
        return branches == clause.Branches && ReferenceEquals(otherwise, clause.Else) ? clause : clause with { Branches = branches, Else = otherwise };
    }

    private ForClause For(ForClause loop)
    {
        var items = loop.Items is { } words ? Map(words, Word) : (ImmutableArray<Word>?)null;
        var body = List(loop.Body);
        var arithmetic = Map(loop.ArithmeticExpansions, Part);
        var same = (items is null || items.Value == loop.Items!.Value) && ReferenceEquals(body, loop.Body) && arithmetic == loop.ArithmeticExpansions;
        return same ? loop : loop with { Items = items, Body = body, ArithmeticExpansions = arithmetic };
    }

    private WhileClause While(WhileClause loop)
    {
        var (condition, body) = (List(loop.Condition), List(loop.Body));
        return ReferenceEquals(condition, loop.Condition) && ReferenceEquals(body, loop.Body) ? loop : loop with { Condition = condition, Body = body };
    }

    private CaseClause Case(CaseClause clause)
    {
        var subject = Word(clause.Subject);
        var arms = Map(clause.Arms, arm =>
        {
            var (patterns, body) = (Map(arm.Patterns, Word), List(arm.Body));
            return patterns == arm.Patterns && ReferenceEquals(body, arm.Body) ? arm : (patterns, body);
        });
        return ReferenceEquals(subject, clause.Subject) && arms == clause.Arms ? clause : clause with { Subject = subject, Arms = arms };
    }

    private FunctionDefinition Function(FunctionDefinition function)
    {
        var body = Command(function.Body);
        return ReferenceEquals(body, function.Body) ? function : function with { Body = body };
    }

    private TestCommand Test(TestCommand test)
    {
        var (words, expansions) = (Map(test.Words, Word), Map(test.Expansions, Part));
        return words == test.Words && expansions == test.Expansions ? test : test with { Words = words, Expansions = expansions };
    }

    private Redirection Redirection(Redirection redirection)
    {
        var current = read.TryGetValue(redirection, out var withBody) ? withBody : redirection;
        var target = Word(current.Target);
        return ReferenceEquals(target, current.Target) ? current : current with { Target = target };
    }

    private Word Word(Word word)
    {
        var parts = Map(word.Parts, Part);
        return parts == word.Parts ? word : word with { Parts = parts };
    }

    private WordPart Part(WordPart part) => part switch
    {
        CommandSubstitutionPart { Body: { } body } substitution => Replace(substitution, body, list => substitution with { Body = list }),
        ProcessSubstitutionPart { Body: { } body } substitution => Replace(substitution, body, list => substitution with { Body = list }),
        ParameterPart parameter => Replace(parameter, parameter.Expansions, parts => parameter with { Expansions = parts }),
        ArithmeticPart arithmetic => Replace(arithmetic, arithmetic.Expansions, parts => arithmetic with { Expansions = parts }),
        _ => part,
    };

    private T Replace<T>(T node, CommandList body, Func<CommandList, T> with)
    {
        var resolved = List(body);
        return ReferenceEquals(resolved, body) ? node : with(resolved);
    }

    private T Replace<T>(T node, ImmutableArray<WordPart> parts, Func<ImmutableArray<WordPart>, T> with)
    {
        var resolved = Map(parts, Part);
        return resolved == parts ? node : with(resolved);
    }

    /// <summary>Maps each element; the same array when nothing changed.</summary>
    private static ImmutableArray<T> Map<T>(ImmutableArray<T> items, Func<T, T> map)
    {
        ImmutableArray<T>.Builder? changed = null;
        for (var i = 0; i < items.Length; i++)
        {
            var mapped = map(items[i]);
            if (changed is null && !EqualityComparer<T>.Default.Equals(mapped, items[i]))
            {
                changed = ImmutableArray.CreateBuilder<T>(items.Length);
                changed.AddRange(items, i);
            }

            changed?.Add(mapped);
        }

        return changed?.MoveToImmutable() ?? items;
    }
}
