using System.Collections.Immutable;
using System.Text;

namespace ToolGate.Core.Shell.Syntax;

// Redirections and here-documents.
internal sealed partial class ShellSyntaxParser
{
    /// <summary>A here-document whose body is read at the next newline token.</summary>
    private sealed record PendingHereDocument(Redirection Redirection, string Delimiter, bool StripTabs, int OperatorAt);

    /// <summary>The here-documents of the current line at the current substitution level.</summary>
    private List<PendingHereDocument> pendingHereDocuments = [];

    /// <summary>Each here-document redirection, as parsed, with the same redirection once its body was read.</summary>
    private Dictionary<Redirection, Redirection>? readHereDocuments;

    /// <summary>Reads <c>op target</c> at the operator; <paramref name="descriptor"/> / <paramref name="variable"/> from a word before it.</summary>
    private Redirection? ParseRedirection(int? descriptor, string? variable)
    {
        var at = pos;
        var op = ReadRedirectionOperator();
        SkipBlanks();
        var c = Cur();
        if (c is Eof or '\n' || (IsOperatorChar(c) && !(c is '<' or '>' && PeekAfter() == '(')))
        {
            Fail($"expected a word after '{op}'", at);
            return null;
        }

        var targetAt = pos;
        var hereDocument = op is "<<" or "<<-";
        if (!TryReadWord(hereDocument ? WordContext.NoBraceExpansion : WordContext.None, out var target, out _) || target is null)
        {
            return null;
        }

        if (Cur() is '<' or '>' && RedirectionSource(target, targetAt) is { Descriptor: not null })
        {
            // "<3>x": bash reads the 3 as the descriptor of another redirection, so the first has no target.
            Fail($"expected a word after '{op}'", at);
            return null;
        }

        var redirection = new Redirection(descriptor, op, target) { FileDescriptorVariable = variable };
        if (hereDocument)
        {
            var delimiter = HereDocumentDelimiter(target.Source, out var quoted);
            context.Tick(target.Source.Length);
            redirection = redirection with { HereDocumentQuoted = quoted };
            pendingHereDocuments.Add(new PendingHereDocument(redirection, delimiter, StripTabs: op == "<<-", at));
        }

        return redirection;
    }

    private string ReadRedirectionOperator()
    {
        var c = Cur();
        Next();
        var d = Cur();
        switch (c)
        {
            case '&':
                Next(); // '>'
                if (Cur() == '>')
                {
                    Next();
                    return "&>>";
                }

                return "&>";
            case '<' when d == '<':
                Next();
                switch (Cur())
                {
                    case '<':
                        Next();
                        return "<<<";
                    case '-':
                        Next();
                        return "<<-";
                    default:
                        return "<<";
                }

            case '<' when d is '&' or '>':
                Next();
                return d == '&' ? "<&" : "<>";
            case '<':
                return "<";
            case '>' when d is '>' or '|' or '&':
                Next();
                return d == '>' ? ">>" : d == '|' ? ">|" : ">&";
            default:
                return ">";
        }
    }

    /// <summary>Redirections after a compound command (<c>{ …; } &gt;log</c>, <c>done &lt;&lt;EOF</c>); null on failure.</summary>
    private ImmutableArray<Redirection>? ParseTrailingRedirections()
    {
        var redirections = ImmutableArray.CreateBuilder<Redirection>();
        while (!Failed)
        {
            SkipBlanks();
            var c = Cur();
            var at = pos;
            if ((c is '<' or '>' && PeekAfter() != '(') || (c == '&' && PeekAfter() == '>'))
            {
                if (ParseRedirection(null, null) is not { } redirection)
                {
                    return null;
                }

                redirections.Add(redirection);
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                break;
            }

            // Only a descriptor number may follow a compound command; any other word is an error.
            if (!TryReadWord(WordContext.None, out var word, out _) || word is null)
            {
                return null;
            }

            if (Cur() is not ('<' or '>') || RedirectionSource(word, at) is not { } source)
            {
                Fail($"unexpected '{word.Source}'", at);
                return null;
            }

            if (source.Error || ParseRedirection(source.Descriptor, source.Variable) is not { } numbered)
            {
                return null;
            }

            redirections.Add(numbered);
        }

        return Failed ? null : redirections.ToImmutable();
    }

    private bool SkipBlanksAndNewlines()
    {
        while (true)
        {
            SkipBlanks();
            if (Cur() != '\n')
            {
                return !Failed;
            }

            if (!ConsumeNewline())
            {
                return false;
            }
        }
    }

    /// <summary>Consumes a newline token; the bodies of the here-documents started on its line follow it.</summary>
    private bool ConsumeNewline()
    {
        Next();
        if (pendingHereDocuments.Count == 0)
        {
            return true;
        }

        foreach (var pending in pendingHereDocuments)
        {
            if (!ReadHereDocument(pending))
            {
                return false;
            }
        }

        pendingHereDocuments.Clear();
        return true;
    }

    /// <summary>
    /// Reads lines up to the delimiter line. In an unquoted here-document a line ending in an unescaped backslash
    /// continues on the next one, and (as in bash) the joined line is what is compared with the delimiter and
    /// what the body holds; <c>&lt;&lt;-</c> strips the leading tabs of each joined line.
    /// </summary>
    private bool ReadHereDocument(PendingHereDocument pending)
    {
        var bodyStart = pos;
        var body = new StringBuilder();
        var line = new StringBuilder();
        var joinLines = !pending.Redirection.HereDocumentQuoted;
        while (true)
        {
            if (pos >= text.Length)
            {
                return FailMissingDelimiter(pending);
            }

            line.Clear();
            while (true)
            {
                var newline = text.IndexOf('\n', pos);
                var lineEnd = newline < 0 ? text.Length : newline;
                var backslashes = 0;
                while (joinLines && lineEnd - backslashes > pos && text[lineEnd - backslashes - 1] == '\\')
                {
                    backslashes++;
                }

                var continued = newline >= 0 && backslashes % 2 == 1;
                line.Append(text, pos, lineEnd - pos - (continued ? 1 : 0));
                MoveTo(newline < 0 ? text.Length : newline + 1);
                if (!continued || Failed)
                {
                    break;
                }
            }

            if (Failed)
            {
                return false;
            }

            var start = 0;
            while (pending.StripTabs && start < line.Length && line[start] == '\t')
            {
                start++;
            }

            var logical = line.ToString(start, line.Length - start);
            if (logical == pending.Delimiter)
            {
                break;
            }

            body.Append(logical).Append('\n');
        }

        var bodyText = body.ToString();
        var read = pending.Redirection with { HereDocument = bodyText };
        if (!pending.Redirection.HereDocumentQuoted)
        {
            var parser = new ShellSyntaxParser(bodyText, context, offsetBase + bodyStart);
            if (parser.ParseHereDocumentBody() is not { } parts)
            {
                return false;
            }

            read = read with { HereDocumentParts = parts };
        }

        readHereDocuments ??= new Dictionary<Redirection, Redirection>(ReferenceEqualityComparer.Instance);
        readHereDocuments[pending.Redirection] = read;
        return true;
    }

    /// <summary>An unquoted here-document body: expanded as inside double quotes, but <c>"</c> is ordinary.</summary>
    private ImmutableArray<WordPart>? ParseHereDocumentBody()
    {
        var builder = new WordBuilder();
        if (!ReadQuotedContent(builder, hereDocument: true) || !CheckHereDocumentsComplete())
        {
            return null;
        }

        var parts = builder.Build(text);
        return readHereDocuments is null ? parts : new HereDocumentResolver(readHereDocuments).Parts(parts);
    }

    private bool CheckHereDocumentsComplete() =>
        pendingHereDocuments.Count == 0 || FailMissingDelimiter(pendingHereDocuments[0]);

    private bool FailMissingDelimiter(PendingHereDocument pending) =>
        Fail($"here-document delimiter '{pending.Delimiter}' not found for '{pending.Redirection.Operator}'", pending.OperatorAt);

    private CommandList ResolveHereDocuments(CommandList list) =>
        readHereDocuments is null ? list : new HereDocumentResolver(readHereDocuments).List(list);

    /// <summary>The delimiter after quote removal, and whether any of it was quoted (then the body is literal).</summary>
    private static string HereDocumentDelimiter(string source, out bool quoted)
    {
        quoted = false;
        var delimiter = new StringBuilder(source.Length);
        var single = false;
        var dbl = false;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : Eof;
            if (single)
            {
                if (c == '\'')
                {
                    single = false;
                }
                else
                {
                    delimiter.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '\\' when next == '\n':
                    i++; // line continuation
                    break;
                case '\\':
                    quoted = true;
                    if (next != Eof && (!dbl || next is '$' or '`' or '"' or '\\'))
                    {
                        delimiter.Append(next);
                        i++;
                    }
                    else
                    {
                        delimiter.Append(c);
                    }

                    break;
                case '\'' when !dbl:
                    single = quoted = true;
                    break;
                case '"':
                    dbl = !dbl;
                    quoted = true;
                    break;
                case '$' when !dbl && next is '\'' or '"':
                    break;
                default:
                    delimiter.Append(c);
                    break;
            }
        }

        return delimiter.ToString();
    }
}
