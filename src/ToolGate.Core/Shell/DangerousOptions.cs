using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ToolGate.Core.Shell;

/// <summary>
/// Options with which an otherwise harmless program runs code or writes files (<c>git log --exec=sh</c>,
/// <c>find -exec</c>, <c>curl -o</c>). A grant like <c>git log *</c> does not cover them: they are refused
/// whatever the grant. Foundation table; the shell issue turns it into a policy data file.
/// Long options match <c>--opt</c> and <c>--opt=value</c>; one-letter options also match inside a bundle
/// (<c>-sLo</c>); single-dash words (<c>-exec</c>) match exactly.
/// </summary>
public static class DangerousOptions
{
    private static readonly FrozenDictionary<string, ImmutableArray<string>> ByProgram = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal)
    {
        ["git"] = ["--exec", "--upload-pack", "--receive-pack", "--ext-diff", "--textconv", "--output", "--no-index", "--open-files-in-pager",
                   "--git-dir", "--work-tree", "--exec-path", "--paginate", "--namespace", "--config-env", "--template", "--separate-git-dir"],
        ["grep"] = ["--pre", "--pre-glob"],
        ["rg"] = ["--pre", "--pre-glob"],
        ["find"] = ["-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls"],
        ["tar"] = ["--to-command", "--checkpoint-action", "--use-compress-program", "--info-script", "--new-volume-script", "--rsh-command", "-I", "-F"],
        ["rsync"] = ["--rsh", "--rsync-path", "-e"],
        ["curl"] = ["--output", "--remote-name", "--remote-name-all", "--config", "--upload-file", "--output-dir", "--dump-header", "--cookie-jar",
                    "--trace", "--trace-ascii", "--libcurl", "--stderr", "-o", "-O", "-K", "-T", "-D", "-c"],
        ["wget"] = ["--output-document", "--output-file", "--directory-prefix", "--execute", "--post-file", "--input-file", "-O", "-o", "-P", "-e", "-i"],
        ["ssh"] = ["-F"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // git's options before the subcommand: -c sets configuration (aliases, hooks, pagers), -C and -p too.
    private static readonly FrozenSet<string> GitTopLevel = FrozenSet.Create(StringComparer.Ordinal, "-c", "-C", "-p");

    /// <summary>The offending argument, or null.</summary>
    public static string? Find(ImmutableArray<string> argv)
    {
        var program = Path.GetFileName(argv[0]);
        if (program == "git")
        {
            for (var i = 1; i < argv.Length && argv[i].StartsWith('-'); i++)
            {
                if (GitTopLevel.Contains(argv[i]) || GitTopLevel.Any(o => argv[i].StartsWith(o, StringComparison.Ordinal) && argv[i].Length > 2 && argv[i][1] != '-'))
                {
                    return argv[i];
                }
            }
        }

        if (!ByProgram.TryGetValue(program, out var options))
        {
            return null;
        }

        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument == "--")
            {
                break;
            }

            foreach (var option in options)
            {
                if (Matches(argument, option))
                {
                    return argument;
                }
            }
        }

        return null;
    }

    private static bool Matches(string argument, string option)
    {
        if (option.StartsWith("--", StringComparison.Ordinal))
        {
            return argument == option || argument.StartsWith(option + "=", StringComparison.Ordinal);
        }

        if (option.Length > 2)
        {
            return argument == option;
        }

        // A one-letter option, alone, glued to its value, or inside a bundle of flags.
        return argument.Length >= 2 && argument[0] == '-' && argument[1] != '-' && argument.AsSpan(1).Contains(option[1]);
    }
}
