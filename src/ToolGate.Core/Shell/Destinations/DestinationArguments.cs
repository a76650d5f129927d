using System.Collections.Immutable;

namespace ToolGate.Core.Shell.Destinations;

/// <summary>
/// The words of a command that name where it connects, by its <see cref="DestinationRule"/>: operands after the
/// options (and after the subcommand, when the rule names some), and the values of destination options in every
/// form getopt accepts (<c>--opt X</c>, <c>--opt=X</c>, <c>-oX</c>, <c>-abo X</c>).
/// </summary>
internal static class DestinationArguments
{
    /// <summary>Every destination word with how to read it, from <paramref name="start"/> (after the subcommand, when the rule names some).</summary>
    public static List<(string Word, DestinationForms Forms)> Find(ImmutableArray<string> argv, DestinationRule rule, int start)
    {
        const DestinationForms Any = DestinationForms.Url | DestinationForms.Remote | DestinationForms.Host;
        var found = new List<(string, DestinationForms)>();
        var operands = 0;
        var optionsEnded = false;
        for (var i = start; i < argv.Length; i++)
        {
            var word = argv[i];
            if (optionsEnded || word.Length < 2 || word[0] != '-')
            {
                if (!rule.FirstOperandOnly || operands++ == 0)
                {
                    found.Add((word, rule.Operands));
                }

                continue;
            }

            if (word == "--")
            {
                optionsEnded = true;
                continue;
            }

            // --long, --long=value, and single-dash long options some programs use (openssl -connect) when listed whole.
            if (word[1] == '-' || IsListedWhole(word, rule))
            {
                var equals = word.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? word : word[..equals];
                var value = equals >= 0 ? word[(equals + 1)..] : null;
                if (rule.Options.Contains(name) || rule.OptionKeys.ContainsKey(name))
                {
                    value ??= i + 1 < argv.Length ? argv[++i] : null;
                    AddValue(found, rule, name, value, Any);
                }
                else if (value is null && rule.OptionsWithValue.Contains(name))
                {
                    i++;
                }

                continue;
            }

            // A cluster of short options: the first that takes a value takes the rest of the word, or the next word.
            for (var j = 1; j < word.Length; j++)
            {
                var option = "-" + word[j];
                var takesDestination = rule.Options.Contains(option) || rule.OptionKeys.ContainsKey(option);
                if (!takesDestination && !rule.OptionsWithValue.Contains(option))
                {
                    continue;
                }

                var value = j + 1 < word.Length ? word[(j + 1)..] : (i + 1 < argv.Length ? argv[++i] : null);
                if (takesDestination)
                {
                    AddValue(found, rule, option, value, Any);
                }

                break;
            }
        }

        return found;
    }

    private static bool IsListedWhole(string word, DestinationRule rule)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? word : word[..equals];
        return name.Length > 2 && (rule.Options.Contains(name) || rule.OptionKeys.ContainsKey(name) || rule.OptionsWithValue.Contains(name));
    }

    private static void AddValue(List<(string, DestinationForms)> found, DestinationRule rule, string option, string? value, DestinationForms forms)
    {
        if (value is null)
        {
            return;
        }

        if (rule.Options.Contains(option))
        {
            // Lists of hosts (ssh -J a,b; pip --trusted-host a b is one each): every item is read.
            foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                found.Add((item, forms));
            }

            return;
        }

        // Key=Value or "Key Value" (ssh -o HostName=10.0.0.1): only the listed keys name a destination.
        var separator = value.IndexOfAny(['=', ' ', '\t']);
        if (separator > 0 && rule.OptionKeys[option].Contains(value[..separator].Trim(), StringComparer.OrdinalIgnoreCase))
        {
            found.Add((value[(separator + 1)..].Trim(' ', '\t', '='), forms));
        }
    }
}
