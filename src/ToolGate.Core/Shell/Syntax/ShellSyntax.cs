using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Syntax;

// The syntax tree of a POSIX sh / bash command line as ShellParser reads it. Records only: the tree is
// data for the evaluator to judge, never executed. Positions are character offsets into the input.

/// <summary>Commands separated by <c>;</c>, <c>&amp;</c> or newlines.</summary>
public sealed record CommandList(ImmutableArray<ListItem> Items);

/// <summary>One and-or list of a command list; <see cref="Background"/> when it ended with <c>&amp;</c>.</summary>
public sealed record ListItem(AndOrList Command, bool Background);

/// <summary>Pipelines joined by <c>&amp;&amp;</c> / <c>||</c>; <see cref="Operators"/> has one entry fewer than <see cref="Pipelines"/>.</summary>
public sealed record AndOrList(ImmutableArray<Pipeline> Pipelines, ImmutableArray<string> Operators);

/// <summary>Commands joined by <c>|</c> or <c>|&amp;</c> (<see cref="Operators"/>), optionally negated with <c>!</c>.</summary>
public sealed record Pipeline(ImmutableArray<CommandNode> Commands, ImmutableArray<string> Operators, bool Negated);

/// <summary>Any command: simple or compound. Compound commands may carry redirections after them.</summary>
public abstract record CommandNode
{
    public ImmutableArray<Redirection> Redirections { get; init; } = [];
}

/// <summary><c>A=1 B=2 prog arg… &gt;file</c>: assignments, words and redirections in the order they appeared.</summary>
public sealed record SimpleCommand(ImmutableArray<Assignment> Assignments, ImmutableArray<Word> Words) : CommandNode;

/// <summary><c>( list )</c></summary>
public sealed record Subshell(CommandList Body) : CommandNode;

/// <summary><c>{ list; }</c></summary>
public sealed record BraceGroup(CommandList Body) : CommandNode;

/// <summary><c>if list; then list; [elif list; then list;]… [else list;] fi</c></summary>
public sealed record IfClause(ImmutableArray<(CommandList Condition, CommandList Body)> Branches, CommandList? Else) : CommandNode;

/// <summary><c>for name [in words…]; do list; done</c> (also the arithmetic form <c>for ((…))</c>, with <see cref="Arithmetic"/> set).</summary>
public sealed record ForClause(string Variable, ImmutableArray<Word>? Items, CommandList Body, string? Arithmetic = null) : CommandNode
{
    /// <summary>For the arithmetic form: the expansions inside <see cref="Arithmetic"/> (they run on every iteration).</summary>
    public ImmutableArray<WordPart> ArithmeticExpansions { get; init; } = [];

    /// <summary>Written <c>select</c> (same syntax; reads the choice from stdin on every iteration).</summary>
    public bool Select { get; init; }
}

/// <summary><c>while list; do list; done</c>, or <c>until</c> when <see cref="Until"/>.</summary>
public sealed record WhileClause(CommandList Condition, CommandList Body, bool Until) : CommandNode;

/// <summary><c>case word in pattern) list ;; … esac</c></summary>
public sealed record CaseClause(Word Subject, ImmutableArray<(ImmutableArray<Word> Patterns, CommandList Body)> Arms) : CommandNode
{
    /// <summary>
    /// What ends each arm, one per arm: <c>;;</c>, <c>;&amp;</c> (fall through into the next body), <c>;;&amp;</c> (test the
    /// next patterns too), or empty for a last arm closed by <c>esac</c> alone. Empty when the clause was built without them.
    /// </summary>
    public ImmutableArray<string> Terminators { get; init; } = [];
}

/// <summary><c>name() compound</c> or <c>function name [()] compound</c>.</summary>
public sealed record FunctionDefinition(string Name, CommandNode Body) : CommandNode;

/// <summary><c>[[ … ]]</c> and <c>(( … ))</c>: bash test and arithmetic commands, kept as raw text.</summary>
public sealed record TestCommand(string Kind, string Text) : CommandNode
{
    /// <summary>For <c>[[ … ]]</c>: the operand words (operators such as <c>&amp;&amp;</c>, <c>(</c>, <c>&lt;</c> left out).</summary>
    public ImmutableArray<Word> Words { get; init; } = [];

    /// <summary>For <c>(( … ))</c>: the parameter, command-substitution and arithmetic expansions inside the text.</summary>
    public ImmutableArray<WordPart> Expansions { get; init; } = [];
}

/// <summary><c>NAME=value</c> (or <c>NAME+=value</c>) before a command or alone.</summary>
public sealed record Assignment(string Name, Word Value, bool Append);

/// <summary>
/// A redirection: <c>[n]op target</c>. <see cref="Operator"/> is one of
/// <c>&lt; &gt; &gt;&gt; &gt;| &lt;&gt; &lt;&amp; &gt;&amp; &amp;&gt; &amp;&gt;&gt; &lt;&lt; &lt;&lt;- &lt;&lt;&lt;</c>.
/// For here-documents <see cref="Target"/> is the delimiter word and <see cref="HereDocument"/> the body.
/// </summary>
public sealed record Redirection(int? FileDescriptor, string Operator, Word Target)
{
    public string? HereDocument { get; init; }

    /// <summary>For here-documents: true when the delimiter was quoted, so the body is not expanded.</summary>
    public bool HereDocumentQuoted { get; init; }

    /// <summary>
    /// For here-documents whose delimiter was not quoted: the body as parts, expanded as inside double quotes
    /// (so a <c>$(…)</c> in the body is a <see cref="CommandSubstitutionPart"/> here). Empty otherwise.
    /// </summary>
    public ImmutableArray<WordPart> HereDocumentParts { get; init; } = [];

    /// <summary>For bash's <c>{name}&gt;file</c>: the variable that receives the allocated descriptor.</summary>
    public string? FileDescriptorVariable { get; init; }
}

/// <summary>A shell word as a sequence of parts; what it means after expansion is the evaluator's question.</summary>
public sealed record Word(ImmutableArray<WordPart> Parts)
{
    /// <summary>The word as written, for messages.</summary>
    public required string Source { get; init; }
}

public abstract record WordPart;

/// <summary>
/// Text that stands for itself after quote removal. <see cref="Quoted"/> when it came from quotes or a
/// backslash escape (so glob characters and tilde in it are literal).
/// </summary>
public sealed record LiteralPart(string Text, bool Quoted) : WordPart;

/// <summary><c>$name</c>, <c>${…}</c>, <c>$1</c>, <c>$@</c>…: value unknown statically.</summary>
public sealed record ParameterPart(string Text, bool Quoted) : WordPart
{
    /// <summary>Expansions nested inside <c>${…}</c> (for example the <c>$(…)</c> of <c>${x:-$(id)}</c>), in source order.</summary>
    public ImmutableArray<WordPart> Expansions { get; init; } = [];
}

/// <summary><c>$(…)</c> or <c>`…`</c>, with the inner source text.</summary>
public sealed record CommandSubstitutionPart(string Text, bool Backquoted) : WordPart
{
    /// <summary>The parsed commands (for backquotes: parsed after removing the backslash escapes).</summary>
    public CommandList? Body { get; init; }
}

/// <summary><c>$((…))</c> or <c>$[…]</c></summary>
public sealed record ArithmeticPart(string Text) : WordPart
{
    /// <summary>Parameter, command-substitution and arithmetic expansions inside the text, in source order.</summary>
    public ImmutableArray<WordPart> Expansions { get; init; } = [];
}

/// <summary><c>&lt;(…)</c> or <c>&gt;(…)</c></summary>
public sealed record ProcessSubstitutionPart(char Direction, string Text) : WordPart
{
    /// <summary>The parsed commands.</summary>
    public CommandList? Body { get; init; }
}

/// <summary>An unquoted glob character: <c>*</c>, <c>?</c> or a bracket expression <c>[…]</c>.</summary>
public sealed record GlobPart(string Text) : WordPart;

/// <summary>An unquoted brace expansion <c>{a,b}</c> or <c>{1..5}</c>, kept as written.</summary>
public sealed record BracePart(string Text) : WordPart;

/// <summary>An unquoted tilde prefix at the start of a word (or after <c>=</c>/<c>:</c> in an assignment): <c>~</c>, <c>~user</c>.</summary>
public sealed record TildePart(string User) : WordPart;
