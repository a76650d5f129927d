using System.Buffers;
using System.Text;

namespace ToolGate.Core.Shell;

/// <summary>
/// A one-pass pre-check for the guardrail argument texts, built once with the knowledge: false only when the text
/// contains none of them, ignoring case. It stands in for the ordinal-ignore-case <c>Contains</c> loop only where the
/// two provably agree (ASCII indicators, ASCII text); anything else answers "may match", and the loop decides.
/// </summary>
internal sealed class ArgumentTextFilter
{
    private readonly SearchValues<string>? _values;
    private readonly bool _always;

    private ArgumentTextFilter(SearchValues<string>? values, bool always)
    {
        _values = values;
        _always = always;
    }

    public static ArgumentTextFilter Create(IEnumerable<string> indicators)
    {
        var texts = indicators.ToArray();
        if (texts.Length == 0)
        {
            return new ArgumentTextFilter(null, always: false);
        }

        // Ordinal-ignore-case folds some non-ASCII letters onto ASCII ones (U+017F onto 's'): only ASCII text is pre-checked.
        if (texts.Any(t => t.Length == 0 || !Ascii.IsValid(t)))
        {
            return new ArgumentTextFilter(null, always: true);
        }

        return new ArgumentTextFilter(SearchValues.Create(texts, StringComparison.OrdinalIgnoreCase), always: false);
    }

    public bool MayMatch(string text)
    {
        if (_values is null)
        {
            return _always;
        }

        return !Ascii.IsValid(text) || text.AsSpan().ContainsAny(_values);
    }
}
