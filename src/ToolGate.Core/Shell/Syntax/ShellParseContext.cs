using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace ToolGate.Core.Shell.Syntax;

/// <summary>
/// What the parser of the input and the parsers of its nested strings (backquoted commands, here-document
/// bodies) share: the character-step count, the nesting depth and the first error.
/// </summary>
internal sealed class ShellParseContext(long stepBudget)
{
    public long Steps { get; private set; }

    public int Depth { get; private set; }

    public string? Error { get; private set; }

    public int ErrorOffset { get; private set; } = -1;

    public bool Failed => Error is not null;

    // One spare word builder, so a parse does not allocate a builder (and its buffers) per word.
    private WordBuilder? spareWordBuilder;

    public WordBuilder RentWordBuilder()
    {
        var builder = spareWordBuilder ?? new WordBuilder();
        spareWordBuilder = null;
        return builder;
    }

    public void ReturnWordBuilder(WordBuilder builder)
    {
        builder.Clear();
        spareWordBuilder = builder;
    }

    // Word lists of simple commands being read (nested ones inside substitutions too), reused across commands.
    private readonly Stack<List<Word>> spareWordLists = new();

    public List<Word> RentWords() => spareWordLists.TryPop(out var words) ? words : [];

    /// <summary>The words as an array of their exact size; the list goes back for the next command.</summary>
    public ImmutableArray<Word> ReturnWords(List<Word> words)
    {
        var array = ImmutableArray.Create(CollectionsMarshal.AsSpan(words));
        words.Clear();
        spareWordLists.Push(words);
        return array;
    }

    /// <summary>Counts <paramref name="count"/> character steps; false once the budget is spent (parsing then stops).</summary>
    public bool Tick(long count = 1)
    {
        Steps += count;
        if (Steps <= stepBudget)
        {
            return true;
        }

        Fail("internal parser error: step budget exceeded", 0);
        return false;
    }

    /// <summary>Enters one more level of nesting; false (and the error recorded) past <see cref="ShellParser.MaxNestingDepth"/>.</summary>
    public bool Enter(int offset)
    {
        if (Depth >= ShellParser.MaxNestingDepth)
        {
            Fail($"nesting deeper than {ShellParser.MaxNestingDepth} at {offset}", offset);
            return false;
        }

        Depth++;
        return true;
    }

    public void Leave() => Depth--;

    /// <summary>Records the first error; later ones are consequences of it.</summary>
    public void Fail(string message, int offset)
    {
        if (Error is null)
        {
            Error = message;
            ErrorOffset = offset;
        }
    }
}
