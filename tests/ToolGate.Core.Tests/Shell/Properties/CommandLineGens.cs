using CsCheck;
using ToolGate.Core.Tests.Corpus;

namespace ToolGate.Core.Tests.Shell.Properties;

/// <summary>
/// CsCheck generators of command lines for the property tests: shell-flavoured token soup, public corpus rows
/// under random mutations, and guardrail commands behind chains of wrappers. Mutations and wrappers are data
/// in the generated value, so a failure shrinks to a short list of edits.
/// </summary>
internal static class CommandLineGens
{
    private const string Characters = "ab x$'\"`\\(){}[]|&;<>\n\t#~*?=:,.-!/0123";

    private static readonly string[] Tokens =
    [
        "a", "b", "ls", "git log", " ", " ", "\t", "\n", "'", "\"", "$'", "$\"", "\\", "\\\n", "$(", ")", "`", "(", "{", "}", "{a,b}", "{1..3}",
        ";", "&&", "||", "|", "|&", "&", "!", "#", "~", "*", "?", "[a]", "=", "A=1 ", "<", ">", ">>", "2>&1", ">&-", "<&3", "<<<x",
        "<<EOF\nx\nEOF\n", "$x", "${x:-y}", "$((1+2))", "<(ls)", "-c", "--", "/usr/bin/", "./", "sudo", "s''udo", "nc -l 1", "xmrig",
        "ssh -R 1:a:2 h", "/dev/tcp/h/1", "nice ", "env ", "timeout 5 ", "busybox ", "xargs ", "sh -c ", "bash -c ", "if ", "then ", "fi",
    ];

    private static readonly string[] Operators = [";", " ; ", "&&", " && ", "||", " | ", "|", "|&", " & ", "\n", "!", " ! "];

    private static readonly string[] WrapperPrefixes =
    [
        "nice ", "nice -n 19 ", "env ", "env -i ", "env -u HOME ", "timeout 5 ", "timeout -s KILL 5 ", "busybox ", "nohup ", "stdbuf -oL ",
        "xargs ", "xargs -0 ", "command ", "exec ", "time ", "setsid ", "ionice -c 3 ", "chrt 5 ", "taskset 1 ", "flock /tmp/l ", "watch -n 1 ",
        "/usr/bin/nice ", "nice -- ", "env -- ",
    ];

    private static readonly string[] HiddenPrograms =
    [
        "sudo", "s''udo", "\"su\"do", "$'\\x73udo'", "$'\\163\\165\\144\\157'", "/usr/bin/sudo", "./xmrig", "SUDO", "Nc", "\\nc",
        "{sudo,-n}", "x{mrig,}", "su\\\ndo", "ngrok", "socat", "crontab", "pkexec", "doas",
    ];

    private static readonly string[] Arguments = ["", " id", " -l", " -c 'ls'", " tcp 22", " -o pool:3333", " -lvp 9001", " 'a b'"];

    // CMD: a guardrail command or a corpus row, inside a construct.
    private static readonly string[] ConstructTemplates =
    [
        "if true; then CMD; fi", "if CMD; then ls; fi", "if false; then ls; elif true; then CMD; else ls; fi", "if false; then ls; else CMD; fi",
        "( CMD )", "{ CMD; }", "CMD &", "CMD & ls", "ls & CMD", "while false; do CMD; done", "until true; do CMD; done", "while CMD; do ls; done",
        "case a in a) CMD;; esac", "case a in b) CMD;; a) ls;; esac", "case a in a) ls ;& b) CMD;; esac", "case x in *) CMD;; esac",
        "for x in a b; do CMD; done", "ls | ( CMD )", "( CMD ) | cat", "if true; then ( CMD ); fi 2>/dev/null", "! { CMD; }", "sh -c 'if true; then CMD; fi'",
    ];

    // PROG and ARGS: a hidden guardrail program reached only through a loop variable or a case word.
    private static readonly string[] LoopTemplates =
    [
        "for p in ls PROG; do \"$p\"ARGS; done", "for p in PROG; do $pARGS; done", "for p in PROG; do ${p}ARGS; done", "for p in PROG; do \"${p}\"ARGS; done",
        "for p in ls; do for q in PROG; do \"$q\"ARGS; done; done", "for p in PROG; do for q in \"$p\"; do \"$q\"ARGS; done; done",
        "for p in PROG; do case \"$p\" in *) \"$p\"ARGS;; esac; done", "for p in PROG; do if true; then \"$p\"ARGS; fi; done",
        "for p in PROG; do ( \"$p\"ARGS ) & done", "for p in PROG; do nice \"$p\"ARGS; done", "for p in PROG; do sh -c \"$p\"; done",
        "for p in a PROG; do case $p in a) ls;; *) \"$p\"ARGS;; esac; done",
    ];

    /// <summary>Every row of the public corpus, allowed and denied.</summary>
    public static IReadOnlyList<string> Corpus { get; } = [.. CorpusFile.Read("shell.tsv", unescapeNewlines: true).Select(r => r.Input)];

    /// <summary>A hidden guardrail command, like <c>s''udo id</c> or <c>{sudo,-n}</c>.</summary>
    public static Gen<string> GuardrailCommand { get; } =
        Gen.Select(Gen.OneOf(HiddenPrograms), Gen.OneOf(Arguments), (program, arguments) => program + arguments);

    /// <summary>Random characters and shell tokens, 0–40 pieces.</summary>
    public static Gen<string> Soup { get; } = Gen.Frequency(
        (3, Gen.OneOf(Tokens).Array[0, 40].Select(string.Concat)),
        (1, Gen.String[Gen.Char[Characters], 0, 80]));

    /// <summary>A corpus row with one to five mutations (see <see cref="Mutation"/>).</summary>
    public static Gen<string> MutatedCorpus { get; } = Gen.Select(
        Gen.Int[0, Corpus.Count - 1],
        Gen.Select(Gen.Int[0, Mutation.Kinds - 1], Gen.Int[0, 4096], Gen.Int[0, 4096], (kind, position, payload) => new Mutation(kind, position, payload)).Array[1, 5],
        (row, mutations) => mutations.Aggregate(Corpus[row], (line, mutation) => mutation.Apply(line)));

    /// <summary>One to three wrapper prefixes before a guardrail command or a corpus row, sometimes inside <c>sh -c</c>.</summary>
    public static Gen<string> Wrapped { get; } = Gen.Select(
        Gen.OneOf(WrapperPrefixes).Array[1, 3],
        Gen.Frequency((3, GuardrailCommand), (1, Gen.OneOf([.. Corpus]))),
        Gen.Int[0, 3],
        (wrappers, command, shell) =>
        {
            var line = string.Concat(wrappers) + command;
            return shell == 0 ? "sh -c " + Quote(line) : shell == 1 ? "ls; " + line : line;
        });

    /// <summary>
    /// Guardrail commands and corpus rows inside compound statements, subshells and background jobs, and hidden guardrail
    /// programs that only a <c>for</c> variable names; sometimes nested in a second construct or mutated once.
    /// </summary>
    public static Gen<string> Constructs { get; } = Gen.Select(
        Gen.Frequency(
            (3, Gen.Select(Gen.OneOf(ConstructTemplates), Gen.Frequency((1, GuardrailCommand), (1, Gen.OneOf([.. Corpus]))),
                (template, command) => template.Replace("CMD", command, StringComparison.Ordinal))),
            (2, Gen.Select(Gen.OneOf(LoopTemplates), Gen.OneOf(HiddenPrograms), Gen.OneOf(Arguments),
                (template, program, arguments) => template.Replace("PROG", program, StringComparison.Ordinal).Replace("ARGS", arguments, StringComparison.Ordinal)))),
        Gen.OneOf(ConstructTemplates),
        Gen.Int[0, 5],
        Gen.Select(Gen.Int[0, Mutation.Kinds - 1], Gen.Int[0, 4096], Gen.Int[0, 4096], (kind, position, payload) => new Mutation(kind, position, payload)),
        (line, outer, shape, mutation) => shape switch
        {
            0 => outer.Replace("CMD", line, StringComparison.Ordinal),
            1 => mutation.Apply(line),
            _ => line,
        });

    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>One edit of a command line; <see cref="Position"/> and <see cref="Payload"/> are reduced modulo what they index.</summary>
    internal readonly record struct Mutation(int Kind, int Position, int Payload)
    {
        public const int Kinds = 9;

        public string Apply(string line)
        {
            var at = Position % (line.Length + 1);
            return Kind switch
            {
                0 => line.Insert(at, Characters[Payload % Characters.Length].ToString()),
                1 => at < line.Length ? line.Remove(at, 1) : line,
                2 => line.Insert(at, line.Substring(at, Math.Min(Payload % 8, line.Length - at))),
                3 => line.Insert(at, Payload % 2 == 0 ? "''" : "\"\""),
                4 => line[..at] + "$(" + line[at..] + ")",
                5 => line.Insert(at, Operators[Payload % Operators.Length]),
                6 => Payload % 5 == 0 ? "sh -c " + Quote(line) : WrapperPrefixes[Payload % WrapperPrefixes.Length] + line,
                7 => line.Insert(at, "; " + HiddenPrograms[Payload % HiddenPrograms.Length] + Arguments[Payload % Arguments.Length] + "; "),
                _ => line.Insert(at, Tokens[Payload % Tokens.Length]),
            };
        }
    }
}
