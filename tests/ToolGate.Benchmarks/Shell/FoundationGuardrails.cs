using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ToolGate.Benchmarks.Shell;

/// <summary>
/// The foundation's guardrail and dangerous-option tables and checks (<c>ShellGuardrails</c> and
/// <c>DangerousOptions</c> at commit 8f88ec1), copied unchanged for <see cref="FoundationShellMatcher"/>.
/// </summary>
internal static class FoundationGuardrails
{
    private static readonly FrozenDictionary<string, string> ProgramClasses = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["autossh"] = "tunnel", ["ngrok"] = "tunnel", ["nc.openbsd"] = "tunnel", ["nc.traditional"] = "tunnel", ["cloudflared"] = "tunnel", ["chisel"] = "tunnel",
        ["frpc"] = "tunnel", ["frps"] = "tunnel", ["bore"] = "tunnel", ["socat"] = "tunnel",
        ["nc"] = "tunnel", ["ncat"] = "tunnel", ["netcat"] = "tunnel", ["iodine"] = "tunnel",
        ["dnscat"] = "tunnel", ["dnscat2"] = "tunnel", ["ligolo-agent"] = "tunnel", ["sshuttle"] = "tunnel",
        ["xmrig"] = "miner", ["t-rex"] = "miner", ["lolminer"] = "miner", ["nbminer"] = "miner",
        ["cpuminer"] = "miner", ["minerd"] = "miner", ["ethminer"] = "miner", ["phoenixminer"] = "miner",
        ["gminer"] = "miner", ["teamredminer"] = "miner", ["xmr-stak"] = "miner", ["srbminer"] = "miner",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> SecureShells = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "ssh", "dbclient", "plink");

    private const string ForwardingFlags = "RLDwWJ";

    private const string SshFlagsWithValue = "bBcDEeFIiJLlmOopQRSWw";

    private static readonly string[] ForwardingConfigKeys = ["forward", "tunnel", "proxycommand", "localcommand", "permitlocalcommand", "proxyjump", "remotecommand"];

    private static readonly string[] ArgumentIndicators = ["stratum+tcp://", "stratum+ssl://", "stratum2+tcp://", "/dev/tcp/", "/dev/udp/"];

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

    /// <summary>The guardrail name (<c>shell.tunnel</c>, <c>shell.miner</c>, …) and a reason, or null.</summary>
    public static (string Name, string Reason)? Check(ImmutableArray<string> argv)
    {
        var program = Path.GetFileName(argv[0]);
        if (ProgramClasses.TryGetValue(program, out var programClass))
        {
            return ($"shell.{programClass}", $"'{program}' is a known {programClass} program");
        }

        if (SecureShells.Contains(program) && FindForwardingOption(argv) is { } option)
        {
            return ("shell.tunnel", $"'{program} {option}' opens a tunnel or port forward");
        }

        foreach (var argument in argv)
        {
            foreach (var indicator in ArgumentIndicators)
            {
                if (argument.Contains(indicator, StringComparison.OrdinalIgnoreCase))
                {
                    var name = indicator.StartsWith("stratum", StringComparison.Ordinal) ? "shell.miner" : "shell.reverse-shell";
                    return (name, $"argument contains '{indicator}'");
                }
            }
        }

        return null;
    }

    // Walks ssh's short options as getopt does: bundles (-NfR), options whose value is glued or separate
    // (-o X, -oX, -No X). Forwarding flags (-R -L -D -w -W -J) or -o keys that forward or run commands hit.
    private static string? FindForwardingOption(ImmutableArray<string> argv)
    {
        for (var i = 1; i < argv.Length; i++)
        {
            var argument = argv[i];
            if (argument.Length < 2 || argument[0] != '-' || argument[1] == '-')
            {
                continue;
            }

            for (var j = 1; j < argument.Length; j++)
            {
                var flag = argument[j];
                if (ForwardingFlags.Contains(flag))
                {
                    return argument;
                }

                if (!SshFlagsWithValue.Contains(flag))
                {
                    continue;
                }

                var value = j + 1 < argument.Length ? argument[(j + 1)..] : (i + 1 < argv.Length ? argv[++i] : string.Empty);
                if (flag == 'o' && ForwardingConfigKeys.Any(key => value.Contains(key, StringComparison.OrdinalIgnoreCase)))
                {
                    return $"-o {value}";
                }

                break;
            }
        }

        return null;
    }

    /// <summary>The offending argument, or null.</summary>
    public static string? FindDangerousOption(ImmutableArray<string> argv)
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
