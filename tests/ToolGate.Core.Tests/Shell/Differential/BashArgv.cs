using System.Text;

namespace ToolGate.Core.Tests.Shell.Differential;

/// <summary>
/// The two ways the differential test asks bash for argv, as scripts for <see cref="BashOracle"/>, and how
/// argv is shown in a failure message.
/// </summary>
internal static class BashArgv
{
    /// <summary>
    /// Per simple command: <c>set -- &lt;the command's source&gt;</c>, then print <c>"$@"</c>. Bash expands the
    /// words exactly as it would for the program, and nothing runs. One <c>R</c> per line.
    /// </summary>
    public static string SetArgumentsScript(IEnumerable<GeneratedLine> lines)
    {
        var script = new StringBuilder("tg_emit() { if (($#)); then printf 'A%s\\0' \"$@\"; fi; printf 'C\\0'; }\n");
        foreach (var line in lines)
        {
            var body = new StringBuilder();
            foreach (var command in line.Commands)
            {
                body.Append("set -- ").Append(command).Append("\ntg_emit \"$@\"\n");
            }

            // eval in a subshell: a line bash cannot parse costs that line only, not the rest of the batch.
            script.Append("( eval ").Append(BashOracle.Quote(body.ToString())).Append(" ) </dev/null\nprintf 'R\\0'\n");
        }

        return script.ToString();
    }

    /// <summary>
    /// The whole line as bash parses it, with <c>PATH</c> pointing at an empty directory so that every command
    /// is "not found" and bash calls <c>command_not_found_handle</c> with its argv instead of running anything.
    /// The handler drains stdin first, so the commands of a pipeline report left to right, and returns
    /// <paramref name="status"/>, which decides what <c>&amp;&amp;</c> and <c>||</c> run next.
    /// </summary>
    public static string WholeLineScript(IEnumerable<string> lines, int status)
    {
        var script = new StringBuilder()
            .Append("exec 3>&1 </dev/null\n")
            .Append("command_not_found_handle() { while IFS= read -r tg_line || [ -n \"$tg_line\" ]; do :; done; ")
            .Append("if (($#)); then printf 'A%s\\0' \"$@\" >&3; fi; printf 'C\\0' >&3; return ").Append(status).Append("; }\n")
            .Append("PATH=$TG_EMPTY_PATH\n");
        foreach (var line in lines)
        {
            script.Append("( eval ").Append(BashOracle.Quote(line)).Append(" ) >/dev/null\nprintf 'R\\0' >&3\n");
        }

        return script.ToString();
    }

    public static string Show(IEnumerable<byte[]> argv) => "[" + string.Join(", ", argv.Select(a => Escape(Encoding.UTF8.GetString(a)))) + "]";

    public static string Show(IEnumerable<string> argv) => "[" + string.Join(", ", argv.Select(Escape)) + "]";

    /// <summary>A string as a C#-style literal: control characters and non-ASCII as escapes.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder("\"");
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or > '~' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return escaped.Append('"').ToString();
    }
}
