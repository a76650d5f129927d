using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell.Properties;

/// <summary>
/// The widest grant the property tests can give: <c>&lt;program&gt; *</c>, without paths, for a long list of
/// ordinary programs and for every program the guardrail data names (guardrail programs, wrappers, shells,
/// interpreters, programs with dangerous options). Under it only the guardrails and program knowledge can
/// deny a command, which is what the properties are about.
/// </summary>
internal static class WideShellGrant
{
    private static readonly string[] Ordinary =
    [
        "ls", "cat", "echo", "printf", "grep", "egrep", "head", "tail", "wc", "sort", "uniq", "cut", "tr", "sed", "find",
        "git", "make", "npm", "go", "cargo", "dotnet", "curl", "wget", "tar", "gzip", "zip", "unzip", "diff", "patch", "cp",
        "mv", "rm", "mkdir", "touch", "chmod", "ln", "stat", "file", "du", "df", "ps", "kill", "date", "true", "false",
        "sleep", "tee", "jq", "basename", "dirname", "realpath", "readlink", "which", "id", "whoami", "uname", "hostname",
        "ssh", "scp", "rsync", "docker", "kubectl", "systemctl", "ip", "test", "less", "rg", "x", "a", "b",
        "podman", "chown", "chgrp", "install", "dd", "vim", "vi", "man", "gdb", "strace", "ltrace", "launchctl", "python3",
        "perl", "node", "ruby", "php", "awk", "gawk", "telnet", "openssl", "websocat", "script", "parallel", "sshpass",
    ];

    public static ShellPolicy Policy { get; } = Compile(TestKnowledge.Shell);

    /// <summary>The same grant, also listing every construct (<see cref="ShellConstructs.All"/>).</summary>
    public static ShellPolicy PolicyWithConstructs { get; } =
        ShellPolicy.Compile([TestGrants.Shell("wide", [.. ProgramsOf(TestKnowledge.Shell).Select(p => p + " *")], constructs: [.. ShellConstructs.All])]);

    /// <summary>Every program the grant allows with any arguments.</summary>
    public static IReadOnlyList<string> Programs { get; } = ProgramsOf(TestKnowledge.Shell);

    private static ShellPolicy Compile(ShellKnowledge knowledge) =>
        ShellPolicy.Compile([TestGrants.Shell("wide", [.. ProgramsOf(knowledge).Select(p => p + " *")])]);

    private static List<string> ProgramsOf(ShellKnowledge knowledge) =>
    [
        .. Ordinary
            .Concat(knowledge.GuardrailPrograms.Keys)
            .Concat(knowledge.Wrappers.Keys)
            .Concat(knowledge.Shells)
            .Concat(knowledge.Interpreters.Keys)
            .Concat(knowledge.DangerousOptions.Keys)
            .Concat(knowledge.ProgramArguments.SelectMany(r => r.Programs))
            .Concat(knowledge.OptionGuardrails.SelectMany(r => r.Programs))
            .Concat(knowledge.Destinations.SelectMany(r => r.Programs))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];
}
