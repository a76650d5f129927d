using System.Buffers;

namespace ToolGate.Core.Compute;

/// <summary>
/// The bounds on a job's environment variables: POSIX portable names, a bounded count and size. Checked when
/// the gateway reads a call and again by <see cref="ComputeEvaluator"/>, so every entry point enforces them.
/// </summary>
public static class ComputeEnv
{
    public const int MaxVariables = 64;
    public const int MaxNameLength = 128;
    public const int MaxValueLength = 4 * 1024;
    public const int MaxTotalLength = 32 * 1024;

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>Whether <paramref name="name"/> is a portable variable name (<c>[A-Za-z_][A-Za-z0-9_]*</c>, bounded).</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && !char.IsAsciiDigit(name[0]) && !name.AsSpan().ContainsAnyExcept(NameCharacters);

    /// <summary>The first problem with the variables, or null when they are within bounds.</summary>
    public static string? Validate(IReadOnlyDictionary<string, string>? env)
    {
        if (env is null)
        {
            return null;
        }

        if (env.Count > MaxVariables)
        {
            return $"env has {env.Count} variables; at most {MaxVariables} are allowed";
        }

        var total = 0;
        foreach (var (name, value) in env)
        {
            if (!IsValidName(name))
            {
                return $"env name '{Shorten(name)}' is not a variable name (letters, digits and '_', not starting with a digit, at most {MaxNameLength} characters)";
            }

            if (value.Length > MaxValueLength)
            {
                return $"env '{name}' is longer than {MaxValueLength} characters";
            }

            // A NUL cannot be passed to a process: the value would be cut, and what runs would differ from what was checked.
            if (value.Contains('\0', StringComparison.Ordinal))
            {
                return $"env '{name}' contains a NUL character";
            }

            total += name.Length + value.Length;
        }

        return total > MaxTotalLength ? $"env is longer than {MaxTotalLength} characters in total" : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
