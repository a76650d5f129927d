using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace ToolGate.Core.Shell.Syntax;

/// <summary>How a command of a <see cref="SimpleCommandLine"/> is joined to the one before it.</summary>
internal enum SimpleJoin : byte
{
    /// <summary>The first command.</summary>
    None,

    /// <summary><c>|</c>: same pipeline.</summary>
    Pipe,

    /// <summary><c>&amp;&amp;</c>: a new pipeline of the same and-or list.</summary>
    And,

    /// <summary><c>||</c>: a new pipeline of the same and-or list.</summary>
    Or,

    /// <summary><c>;</c>: a new list item.</summary>
    Sequence,
}

/// <summary>
/// The common command line read flat, without the syntax tree: simple commands of plain or simply quoted words
/// joined by <c>| &amp;&amp; || ;</c>, each already as its argv. <see cref="TryRead"/> answers null for anything
/// else (redirections, expansions, globs, braces, tilde, assignments, reserved words, escapes, newlines, comments,
/// non-ASCII, errors…), and the caller parses the line with <see cref="ShellParser"/> instead.
/// </summary>
/// <remarks>
/// For every line it accepts, the full parser builds only <see cref="SimpleCommand"/>s without assignments or
/// redirections whose words are literal parts, so quote removal is all the expansion there is: the argv here is
/// exactly what <see cref="WordExpander"/> makes of that tree (a test checks this on the corpus and on generated
/// lines). One pass over the input; never throws.
/// </remarks>
internal sealed class SimpleCommandLine
{
    private SimpleCommandLine(ImmutableArray<ImmutableArray<string>> commands, ImmutableArray<SimpleJoin> joins, bool wordsAreSlices)
    {
        Commands = commands;
        Joins = joins;
        WordsAreSlices = wordsAreSlices;
    }

    /// <summary>Every command's argv, in the order they appear.</summary>
    public ImmutableArray<ImmutableArray<string>> Commands { get; }

    /// <summary>How each command is joined to the one before it (<see cref="SimpleJoin.None"/> for the first).</summary>
    public ImmutableArray<SimpleJoin> Joins { get; }

    /// <summary>
    /// Every word is one run of the input (plain, or the inside of one pair of quotes), so text the input does not
    /// contain is in no word: a text check of the whole line then speaks for every argument.
    /// </summary>
    public bool WordsAreSlices { get; }

    // Characters that stand for themselves outside quotes. '=' is left out of the first word (an assignment there).
    // A table rather than SearchValues: words are short, and a scalar loop over a few characters wins.
    private static readonly bool[] Plain = PlainTable("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,@%+=^");

    // Every plain character c as the word "c", and as "-c" (a plain run's characters are all in Plain, so below 128).
    private static readonly string?[] OneCharacterWords = [.. Enumerable.Range(0, 128).Select(c => Plain[c] ? ((char)c).ToString() : null)];
    private static readonly string?[] DashWords = [.. Enumerable.Range(0, 128).Select(c => Plain[c] ? "-" + (char)c : null)];

    // Inside double quotes everything printable is literal except these (expansions, escapes, the closing quote).
    private static readonly SearchValues<char> DoubleQuoteSpecial = SearchValues.Create("\"$`\\");

    // Words the full parser reads as reserved in command position (a superset: declining one only costs the full parse).
    // A constant pattern: the compiler tells the words apart by length and characters, without hashing.
    private static bool IsReserved(string word) => word is
        "!" or "{" or "}" or "[[" or "]]" or "if" or "then" or "elif" or "else" or "fi" or "while" or "until" or "for" or "select"
        or "do" or "done" or "case" or "esac" or "in" or "function" or "time" or "coproc";

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>The line read flat, or null when it needs the full parser (which then decides, or explains the error).</summary>
    public static SimpleCommandLine? TryRead(string? input)
    {
        try
        {
            return ReadUnguarded(input);
        }
#pragma warning disable CA1031 // The last line of defence: a bug here must send the line to the full parser, never crash the caller.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary><see cref="TryRead"/> without its last line of defence, so tests see a bug as the exception it is.</summary>
    internal static SimpleCommandLine? ReadUnguarded(string? input)
    {
        if (input is null || input.Length > ShellParser.MaxInputLength)
        {
            return null;
        }

        // One thread-static access per read (each costs a call on Linux): Read calls nothing that could read again
        // on this thread, so the buffers are never in use twice at once.
        var scratch = t_scratch ??= new Scratch();
        try
        {
            return Read(input, scratch);
        }
        finally
        {
            scratch.Clear();
        }
    }

    private static SimpleCommandLine? Read(string text, Scratch scratch)
    {
        var argv = scratch.Argv;
        var commands = scratch.Commands;
        var joins = scratch.Joins;
        var join = SimpleJoin.None;
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var c = text[i];
            if (c is '|' or '&' or ';')
            {
                // An operator ends a command: there must be one before it.
                if (argv.Count == 0)
                {
                    return null;
                }

                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                SimpleJoin op;
                switch (c)
                {
                    case '|' when next == '|':
                        op = SimpleJoin.Or;
                        i += 2;
                        break;
                    case '|' when next != '&':
                        op = SimpleJoin.Pipe;
                        i++;
                        break;
                    case '&' when next == '&':
                        op = SimpleJoin.And;
                        i += 2;
                        break;
                    case ';' when next is not (';' or '&'):
                        op = SimpleJoin.Sequence;
                        i++;
                        break;
                    default:
                        return null; // |& & ;; ;&
                }

                EndCommand(argv, commands, joins, join);
                join = op;
                continue;
            }

            if (ReadWord(text, ref i, first: argv.Count == 0, scratch) is not { } word)
            {
                return null;
            }

            if (argv.Count == 0 && IsReserved(word))
            {
                return null;
            }

            argv.Add(word);
        }

        if (argv.Count > 0)
        {
            EndCommand(argv, commands, joins, join);
        }
        else if (join is not (SimpleJoin.None or SimpleJoin.Sequence))
        {
            return null; // "expected a command after '&&'": the full parser words the error
        }

        // Copied from the lists' spans: a spread of a List here goes through Array.Copy's slower general path.
        return commands.Count == 0
            ? null
            : new SimpleCommandLine(ImmutableArray.Create(CollectionsMarshal.AsSpan(commands)), ImmutableArray.Create(CollectionsMarshal.AsSpan(joins)), !scratch.JoinedWord);
    }

    private static void EndCommand(List<string> argv, List<ImmutableArray<string>> commands, List<SimpleJoin> joins, SimpleJoin join)
    {
        commands.Add(ImmutableArray.Create(CollectionsMarshal.AsSpan(argv)));
        joins.Add(join);
        argv.Clear();
    }

    /// <summary>One word after quote removal, moving <paramref name="i"/> past it; null when it is not plain or simply quoted.</summary>
    private static string? ReadWord(string text, ref int i, bool first, Scratch scratch)
    {
        var start = i;
        var plainEnd = PlainEnd(text, i, first);
        if (plainEnd == text.Length || IsWordEnd(text[plainEnd]))
        {
            // The usual word: one plain run, sliced from the input.
            i = plainEnd;
            return plainEnd > start ? Slice(text, start, plainEnd) : null;
        }

        var buffer = scratch.Chars;
        buffer.Clear();
        i = plainEnd;
        buffer.Append(text.AsSpan(start, plainEnd - start));
        var pieces = plainEnd > start ? 1 : 0;
        while (i < text.Length && !IsWordEnd(text[i]))
        {
            scratch.JoinedWord |= ++pieces > 1;
            var c = text[i];
            if (c == '\'')
            {
                var close = text.IndexOf('\'', i + 1);
                if (close < 0 || !IsPrintableAscii(text.AsSpan(i + 1, close - i - 1)))
                {
                    return null;
                }

                buffer.Append(text.AsSpan(i + 1, close - i - 1));
                i = close + 1;
            }
            else if (c == '"')
            {
                var length = text.AsSpan(i + 1).IndexOfAny(DoubleQuoteSpecial);
                var close = i + 1 + length;
                if (length < 0 || text[close] != '"' || !IsPrintableAscii(text.AsSpan(i + 1, length)))
                {
                    return null;
                }

                buffer.Append(text.AsSpan(i + 1, length));
                i = close + 1;
            }
            else
            {
                var end = PlainEnd(text, i, first);
                if (end == i)
                {
                    return null; // a character with a meaning of its own: the full parser reads it
                }

                buffer.Append(text.AsSpan(i, end - i));
                i = end;
            }
        }

        return buffer.ToString();
    }

    /// <summary>
    /// <c>text[start..end]</c> of a plain run; one-character words and <c>-x</c> (a third of the words of a typical
    /// line) come from tables built once instead of a new string each.
    /// </summary>
    private static string Slice(string text, int start, int end) => (end - start) switch
    {
        1 => OneCharacterWords[text[start]] ?? text[start..end],
        2 when text[start] == '-' => DashWords[text[start + 1]] ?? text[start..end],
        _ => text[start..end],
    };

    private static int PlainEnd(string text, int from, bool first)
    {
        var plain = Plain;
        var end = from;
        while (end < text.Length)
        {
            var c = text[end];

            // NAME=value in command position is an assignment: left to the full parser.
            if (c >= plain.Length || !plain[c] || (first && c == '='))
            {
                break;
            }

            end++;
        }

        return end;
    }

    private static bool[] PlainTable(string characters)
    {
        var table = new bool[128];
        foreach (var c in characters)
        {
            table[c] = true;
        }

        return table;
    }

    private static bool IsWordEnd(char c) => c is ' ' or '\t' or '|' or '&' or ';';

    private static bool IsPrintableAscii(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange(' ', '~');

    /// <summary>Buffers reused across reads on one thread.</summary>
    private sealed class Scratch
    {
        public List<string> Argv { get; } = [];

        public List<ImmutableArray<string>> Commands { get; } = [];

        public List<SimpleJoin> Joins { get; } = [];

        public CharBuffer Chars { get; } = new();

        /// <summary>Some word was joined from more than one run of the input (<c>a'b'</c>).</summary>
        public bool JoinedWord { get; set; }

        public void Clear()
        {
            JoinedWord = false;
            Argv.Clear();
            Commands.Clear();
            Joins.Clear();
            Chars.Clear();
        }
    }

    /// <summary>A growable character buffer (a word is at most the input's length).</summary>
    private sealed class CharBuffer
    {
        private char[] _chars = new char[256];
        private int _length;

        public void Clear() => _length = 0;

        public void Append(ReadOnlySpan<char> text)
        {
            if (_length + text.Length > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + text.Length));
            }

            text.CopyTo(_chars.AsSpan(_length));
            _length += text.Length;
        }

        public override string ToString() => new(_chars, 0, _length);
    }
}
