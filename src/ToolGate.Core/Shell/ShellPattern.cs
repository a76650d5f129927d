using System.Collections.Immutable;

namespace ToolGate.Core.Shell;

/// <summary>
/// A grant pattern: a sequence of words matched against argv after quote removal; a last word <c>*</c>
/// stands for any further arguments (including none). Without it the argv must match exactly.
/// </summary>
public sealed class ShellPattern
{
    private ShellPattern(string text, ImmutableArray<string> words, bool anyFurtherArguments)
    {
        Text = text;
        Words = words;
        AnyFurtherArguments = anyFurtherArguments;
        MatchReason = $"command matches '{text}'";
    }

    /// <summary>The reason of an allow by this pattern, built once with the policy rather than per decision.</summary>
    internal string MatchReason { get; }

    public string Text { get; }

    public ImmutableArray<string> Words { get; }

    public bool AnyFurtherArguments { get; }

    /// <summary>The program the pattern names (its first word): the index key.</summary>
    public string Program => Words[0];

    public static bool TryParse(string text, out ShellPattern pattern, out string error)
    {
        pattern = null!;
        var tokens = ShellTokenizer.Tokenize(text);
        if (!tokens.IsValid)
        {
            error = tokens.Error!;
            return false;
        }

        var words = tokens.Words;
        var wildcard = words[^1] == "*";
        if (wildcard)
        {
            words = words.RemoveAt(words.Length - 1);
        }

        if (words.IsEmpty)
        {
            error = "a pattern must name a program before '*'";
            return false;
        }

        if (words.Contains("*"))
        {
            error = "'*' may only be the last word of a pattern";
            return false;
        }

        pattern = new ShellPattern(text, words, wildcard);
        error = string.Empty;
        return true;
    }

    public bool Matches(ImmutableArray<string> argv)
    {
        if (argv.Length < Words.Length || (!AnyFurtherArguments && argv.Length != Words.Length))
        {
            return false;
        }

        for (var i = 0; i < Words.Length; i++)
        {
            if (!string.Equals(argv[i], Words[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;
}
