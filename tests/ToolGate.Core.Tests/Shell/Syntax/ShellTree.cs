using System.Text;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Tests.Shell.Syntax;

/// <summary>Parses with <see cref="ShellParser"/> and reads the tree back in the shapes the tests assert on.</summary>
internal static class ShellTree
{
    public static CommandList Parse(string input)
    {
        var result = ShellParser.Parse(input);
        Assert.True(result.IsSuccess, $"expected '{input}' to parse, got: {result.Error}");
        return result.Tree!;
    }

    public static string Error(string input)
    {
        var result = ShellParser.Parse(input);
        Assert.False(result.IsSuccess, $"expected '{input}' to be refused");
        Assert.NotNull(result.Error);
        return result.Error;
    }

    /// <summary>The only command of a one-item, one-pipeline, one-command list.</summary>
    public static CommandNode Single(string input)
    {
        var item = Assert.Single(Parse(input).Items);
        var pipeline = Assert.Single(item.Command.Pipelines);
        return Assert.Single(pipeline.Commands);
    }

    public static SimpleCommand SingleSimple(string input) => Assert.IsType<SimpleCommand>(Single(input));

    /// <summary>The argv of a one-command input, after quote removal.</summary>
    public static string[] Argv(string input) => Argv(SingleSimple(input));

    public static string[] Argv(SimpleCommand command) => [.. command.Words.Select(WordText)];

    /// <summary>
    /// A word's text after quote removal: literals as they are, glob and brace parts as written, and other
    /// parts as <c>«Type:text»</c> so a test can see what they are.
    /// </summary>
    public static string WordText(Word word)
    {
        var text = new StringBuilder();
        foreach (var part in word.Parts)
        {
            text.Append(part switch
            {
                LiteralPart literal => literal.Text,
                GlobPart glob => glob.Text,
                BracePart brace => brace.Text,
                ParameterPart parameter => $"«P:{parameter.Text}»",
                CommandSubstitutionPart substitution => $"«C:{substitution.Text}»",
                ArithmeticPart arithmetic => $"«A:{arithmetic.Text}»",
                ProcessSubstitutionPart process => $"«{process.Direction}:{process.Text}»",
                TildePart tilde => $"«~{tilde.User}»",
                _ => "«?»",
            });
        }

        return text.ToString();
    }

    /// <summary>Every simple command in the list, depth first, including those inside compound commands (not substitutions).</summary>
    public static IEnumerable<SimpleCommand> SimpleCommands(CommandList list) =>
        list.Items.SelectMany(i => i.Command.Pipelines).SelectMany(p => p.Commands).SelectMany(SimpleCommands);

    public static IEnumerable<SimpleCommand> SimpleCommands(CommandNode node) => node switch
    {
        SimpleCommand simple => [simple],
        Subshell s => SimpleCommands(s.Body),
        BraceGroup b => SimpleCommands(b.Body),
        IfClause i => i.Branches.SelectMany(b => SimpleCommands(b.Condition).Concat(SimpleCommands(b.Body)))
            .Concat(i.Else is null ? [] : SimpleCommands(i.Else)),
        ForClause f => SimpleCommands(f.Body),
        WhileClause w => SimpleCommands(w.Condition).Concat(SimpleCommands(w.Body)),
        CaseClause c => c.Arms.SelectMany(a => SimpleCommands(a.Body)),
        FunctionDefinition f => SimpleCommands(f.Body),
        _ => [],
    };

    /// <summary>The program names (first word text) of every simple command, in order.</summary>
    public static string[] Programs(string input) =>
        [.. SimpleCommands(Parse(input)).Where(c => !c.Words.IsEmpty).Select(c => WordText(c.Words[0]))];
}
