using System.Collections.Immutable;
using System.Text;

namespace ToolGate.Core.Shell.Syntax;

// Command, process and arithmetic substitutions. Each is one level of nesting.
internal sealed partial class ShellSyntaxParser
{
    /// <summary><c>$(…)</c>, parsed as commands in place (so nested parentheses, quotes and case arms need no matching); at the <c>(</c>.</summary>
    private bool ReadCommandSubstitution(WordBuilder builder, int start)
    {
        Next();
        if (ReadSubstitutedCommands(start, "$(") is not { } body)
        {
            return false;
        }

        builder.AddPart(new CommandSubstitutionPart(body.Text, Backquoted: false) { Body = body.Commands }, start, pos);
        return true;
    }

    /// <summary><c>&lt;(…)</c> or <c>&gt;(…)</c>; at the <c>&lt;</c> or <c>&gt;</c>.</summary>
    private bool ReadProcessSubstitution(WordBuilder builder)
    {
        var start = pos;
        var direction = Cur();
        Next();
        Cur();
        Next();
        if (ReadSubstitutedCommands(start, $"{direction}(") is not { } body)
        {
            return false;
        }

        builder.AddPart(new ProcessSubstitutionPart(direction, body.Text) { Body = body.Commands }, start, pos);
        return true;
    }

    private readonly record struct SubstitutedCommands(string Text, CommandList Commands);

    /// <summary>
    /// The commands after an opening parenthesis, through the closing one. As in bash, a newline inside reads only
    /// the here-documents started inside; those of the enclosing line are read after that line.
    /// </summary>
    private SubstitutedCommands? ReadSubstitutedCommands(int start, string opener)
    {
        if (!Enter(start))
        {
            return null;
        }

        var enclosingHereDocuments = pendingHereDocuments;
        pendingHereDocuments = [];
        var inner = pos;
        if (ParseCompoundList() is not { } commands)
        {
            return null;
        }

        if (Cur() != ')')
        {
            FailExpected($"expected ')' to close '{opener}'", start);
            return null;
        }

        if (!CheckHereDocumentsComplete())
        {
            return null;
        }

        pendingHereDocuments = enclosingHereDocuments;

        var innerEnd = pos;
        Next();
        Leave();
        return new SubstitutedCommands(Slice(inner, innerEnd), commands);
    }

    /// <summary><c>$((…))</c> or <c>$[…]</c>; at the first <c>(</c> or the <c>[</c>.</summary>
    private bool ReadArithmeticExpansion(WordBuilder builder, int start)
    {
        var bracket = Cur() == '[';
        Next();
        if (!bracket)
        {
            Cur();
            Next();
        }

        if (!ReadArithmeticBody(start, bracket ? "$[" : "$((", out var arithmetic, out var expansions))
        {
            return false;
        }

        builder.AddPart(new ArithmeticPart(arithmetic) { Expansions = expansions }, start, pos);
        return true;
    }

    /// <summary>
    /// <c>`…`</c>: the text up to the closing backquote with <c>\$ \` \\</c> (and <c>\"</c> inside double quotes)
    /// unescaped, then parsed as commands of its own.
    /// </summary>
    private bool ReadBackquoted(WordBuilder builder, bool inDoubleQuotes)
    {
        var open = pos;
        Next();
        var command = new StringBuilder();
        while (true)
        {
            var c = Cur();
            if (c == Eof)
            {
                return Fail("unterminated backquote", open);
            }

            if (c == '`')
            {
                break;
            }

            Next();
            if (c == '\\' && pos < text.Length)
            {
                var escaped = text[pos];
                if (escaped is '$' or '`' or '\\' || (escaped == '"' && inDoubleQuotes))
                {
                    command.Append(escaped);
                    Next();
                    continue;
                }
            }

            command.Append(c);
        }

        Next();
        if (!Enter(open))
        {
            return false;
        }

        var inner = command.ToString();
        var body = new ShellSyntaxParser(inner, context, offsetBase + open + 1).ParseProgram(allowEmpty: true);
        if (body is null)
        {
            return false;
        }

        Leave();
        builder.AddPart(new CommandSubstitutionPart(inner, Backquoted: true) { Body = body }, open, pos);
        return true;
    }

    /// <summary>
    /// Arithmetic text after <paramref name="opener"/> (<c>$((</c>, <c>((</c> or <c>$[</c>) through its closer,
    /// with the expansions inside. <c>$((</c> is always arithmetic: bash's fallback to a command substitution
    /// that starts with a subshell (<c>$((a);b)</c>) is refused; write <c>$( (a);b)</c>.
    /// </summary>
    private bool ReadArithmeticBody(int start, string opener, out string arithmetic, out ImmutableArray<WordPart> expansions)
    {
        arithmetic = string.Empty;
        expansions = [];
        if (!Enter(start))
        {
            return false;
        }

        var bracket = opener == "$[";
        var expectation = $"expected '{(bracket ? "]" : "))")}' to close '{opener}'";
        var nested = new WordBuilder(expansionsOnly: true);
        var inner = pos;
        var depth = 0;
        while (!Failed)
        {
            var c = Cur();
            var at = pos;
            if (c == Eof)
            {
                return FailExpected(expectation, start);
            }

            if (c == (bracket ? '[' : '('))
            {
                depth++;
                Next();
                continue;
            }

            if (c == (bracket ? ']' : ')'))
            {
                Next();
                if (depth > 0)
                {
                    depth--;
                    continue;
                }

                if (!bracket)
                {
                    if (Cur() != ')')
                    {
                        return Fail(expectation, start);
                    }

                    Next();
                }

                arithmetic = Slice(inner, at);
                break;
            }

            if (!ReadNestedToken(nested, quoted: false))
            {
                return false;
            }
        }

        if (Failed)
        {
            return false;
        }

        Leave();
        expansions = nested.Expansions();
        return true;
    }

    /// <summary>
    /// One token inside <c>${…}</c> or <c>$((…))</c>: an escape, a quoted string or a nested expansion is read
    /// whole (so its brackets and quotes do not count); any other character is stepped over.
    /// </summary>
    private bool ReadNestedToken(WordBuilder nested, bool quoted)
    {
        switch (Cur())
        {
            case '\\':
                Next();
                Next();
                return true;
            case '\'':
                return ReadSingleQuoted(nested);
            case '"':
                return ReadDoubleQuoted(nested);
            case '$':
                return ReadDollar(nested, quoted);
            case '`':
                return ReadBackquoted(nested, inDoubleQuotes: quoted);
            default:
                Next();
                return true;
        }
    }
}
