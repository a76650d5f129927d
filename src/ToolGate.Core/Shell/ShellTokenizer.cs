using System.Collections.Immutable;
using System.Text;

namespace ToolGate.Core.Shell;

/// <summary>
/// Splits a command line into words the way a POSIX shell would for a single simple command, removing
/// quotes. Anything that would make the shell do more than run one program with literal arguments
/// (operators, expansions, substitutions, redirections, newlines, assignments) is refused: we fail closed
/// instead of guessing. Used for grant patterns, which are plain word sequences; agents' command lines go
/// through <see cref="Syntax.ShellParser"/>.
/// Never throws; linear in the input.
/// </summary>
public static class ShellTokenizer
{
    public const int MaxCommandLength = 16 * 1024;

    public static ShellTokens Tokenize(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return ShellTokens.Invalid("empty command");
        }

        if (command.Length > MaxCommandLength)
        {
            return ShellTokens.Invalid($"command longer than {MaxCommandLength} characters");
        }

        var words = ImmutableArray.CreateBuilder<string>();
        var word = new StringBuilder();
        var inWord = false;
        var firstQuoteAt = -1; // position in the word of the first quoted or escaped character

        var i = 0;
        while (i < command.Length)
        {
            var c = command[i];
            if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    if (EndWord(words, word, firstQuoteAt) is { } error)
                    {
                        return ShellTokens.Invalid(error);
                    }

                    inWord = false;
                    firstQuoteAt = -1;
                }

                i++;
                continue;
            }

            if (!inWord)
            {
                if (c == '#')
                {
                    // A comment runs to the end of the line; a later line would be another command.
                    return command.IndexOfAny(['\n', '\r'], i) >= 0
                        ? ShellTokens.Invalid(Unsupported("newline", "a second command line"))
                        : Finish(words);
                }

                if (c == '~')
                {
                    return ShellTokens.Invalid(Unsupported("~", "tilde expansion"));
                }

                inWord = true;
            }

            switch (c)
            {
                case '\'':
                {
                    var end = command.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        return ShellTokens.Invalid("unterminated single quote");
                    }

                    if (command.AsSpan(i + 1, end - i - 1).IndexOfAnyInRange('\0', '\x08') >= 0
                        || command.AsSpan(i + 1, end - i - 1).IndexOfAnyInRange('\x0a', '\x1f') >= 0
                        || command.AsSpan(i + 1, end - i - 1).Contains('\x7f'))
                    {
                        return ShellTokens.Invalid("control character in single quotes");
                    }

                    firstQuoteAt = firstQuoteAt < 0 ? word.Length : firstQuoteAt;
                    word.Append(command, i + 1, end - i - 1);
                    i = end + 1;
                    break;
                }

                case '"':
                {
                    firstQuoteAt = firstQuoteAt < 0 ? word.Length : firstQuoteAt;
                    if (ReadDoubleQuoted(command, ref i, word) is { } error)
                    {
                        return ShellTokens.Invalid(error);
                    }

                    break;
                }

                case '\\':
                    if (i + 1 >= command.Length)
                    {
                        return ShellTokens.Invalid("trailing backslash");
                    }

                    if (command[i + 1] is '\n' or '\r')
                    {
                        return ShellTokens.Invalid(Unsupported("\\newline", "line continuation"));
                    }

                    firstQuoteAt = firstQuoteAt < 0 ? word.Length : firstQuoteAt;
                    word.Append(command[i + 1]);
                    i += 2;
                    break;

                default:
                    if (DescribeOperator(c) is { } construct)
                    {
                        return ShellTokens.Invalid(Unsupported(c is '\n' or '\r' ? "newline" : c.ToString(), construct));
                    }

                    if (char.IsControl(c))
                    {
                        return ShellTokens.Invalid($"control character U+{(int)c:X4} in command");
                    }

                    word.Append(c);
                    i++;
                    break;
            }
        }

        if (inWord && EndWord(words, word, firstQuoteAt) is { } last)
        {
            return ShellTokens.Invalid(last);
        }

        return Finish(words);
    }

    private static ShellTokens Finish(ImmutableArray<string>.Builder words) =>
        words.Count == 0 ? ShellTokens.Invalid("empty command") : new ShellTokens(words.ToImmutable(), null);

    private static string? EndWord(ImmutableArray<string>.Builder words, StringBuilder word, int firstQuoteAt)
    {
        var text = word.ToString();
        word.Clear();
        if (words.Count == 0 && IsAssignment(text, firstQuoteAt))
        {
            return Unsupported(text[..(text.IndexOf('=', StringComparison.Ordinal) + 1)], "environment assignment before the command");
        }

        words.Add(text);
        return null;
    }

    // NAME=value as the first word sets a variable for the command (HOME=/tmp git log): refused.
    private static bool IsAssignment(string word, int firstQuoteAt)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || (firstQuoteAt >= 0 && firstQuoteAt < equals))
        {
            return false;
        }

        if (!(char.IsAsciiLetter(word[0]) || word[0] == '_'))
        {
            return false;
        }

        for (var i = 1; i < equals; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(word[i]) || word[i] == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? ReadDoubleQuoted(string command, ref int i, StringBuilder word)
    {
        i++; // opening quote
        while (i < command.Length)
        {
            var c = command[i];
            switch (c)
            {
                case '"':
                    i++;
                    return null;
                case '\\' when i + 1 < command.Length && command[i + 1] is '$' or '`' or '"' or '\\':
                    word.Append(command[i + 1]);
                    i += 2;
                    break;
                case '\\' when i + 1 < command.Length && command[i + 1] is '\n' or '\r':
                    return Unsupported("\\newline", "line continuation");
                case '$':
                    return Unsupported("$", "parameter or command expansion inside double quotes");
                case '`':
                    return Unsupported("`", "command substitution inside double quotes");
                default:
                    if (char.IsControl(c) && c != '\t')
                    {
                        return $"control character U+{(int)c:X4} in command";
                    }

                    word.Append(c);
                    i++;
                    break;
            }
        }

        return "unterminated double quote";
    }

    private static string? DescribeOperator(char c) => c switch
    {
        ';' => "command list",
        '&' => "background job or && list",
        '|' => "pipeline or || list",
        '<' or '>' => "redirection",
        '(' or ')' => "subshell or substitution",
        '{' or '}' => "brace group or brace expansion",
        '$' => "parameter, arithmetic or command expansion",
        '`' => "command substitution",
        '\n' or '\r' => "a second command line",
        _ => null,
    };

    private static string Unsupported(string token, string construct) =>
        $"unsupported shell construct '{token}' ({construct})";
}
