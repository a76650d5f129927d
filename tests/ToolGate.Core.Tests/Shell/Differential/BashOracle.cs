using System.Diagnostics;
using System.Text;

namespace ToolGate.Core.Tests.Shell.Differential;

/// <summary>
/// Real bash as the oracle for argv: runs a script that only prints the arguments it was given, never a
/// program. Each script runs in a fresh temporary directory with an empty environment except <c>PATH</c>
/// and <c>LC_ALL=C.UTF-8</c> (so <c>$'\u…'</c> is UTF-8), no stdin, and a time limit. Every call counts
/// towards <see cref="MaxInvocations"/>, which keeps the differential test bounded.
/// </summary>
/// <remarks>
/// Output framing: every argument is written as <c>A&lt;bytes&gt;\0</c>, the end of a command as <c>C\0</c>,
/// the end of a command line as <c>R\0</c>. Bash arguments cannot contain NUL, so the framing is unambiguous
/// whatever bytes the arguments hold.
/// </remarks>
internal sealed class BashOracle
{
    public const int MaxInvocations = 400;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _bash;
    private int _invocations;

    private BashOracle(string bash) => _bash = bash;

    public int Invocations => _invocations;

    /// <summary>Bash from <c>PATH</c>; fails the test with a clear message when there is none.</summary>
    public static BashOracle Locate()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/bin").Append("/usr/bin"))
        {
            var candidate = Path.Combine(directory, "bash");
            if (File.Exists(candidate))
            {
                return new BashOracle(candidate);
            }
        }

        Assert.Fail("The differential test needs GNU bash: no 'bash' on PATH, in /bin or in /usr/bin. Install it (apt-get install bash).");
        return null!;
    }

    /// <summary>Runs one script; returns, per command line (<c>R</c>), the argv of each command (<c>C</c>) as raw bytes.</summary>
    public List<List<byte[][]>> Run(string script)
    {
        Assert.True(++_invocations <= MaxInvocations, $"more than {MaxInvocations} bash invocations: the differential test is meant to stay bounded");
        var directory = Directory.CreateTempSubdirectory("toolgate-bash-");
        try
        {
            var start = new ProcessStartInfo(_bash)
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("--norc");
            start.ArgumentList.Add("--noprofile");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
            start.Environment.Clear();
            start.Environment["PATH"] = path;
            start.Environment["LC_ALL"] = "C.UTF-8";
            start.Environment["TG_EMPTY_PATH"] = directory.CreateSubdirectory("empty-path").FullName;

            using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
            process.StandardInput.Close();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"bash did not finish within {Timeout.TotalSeconds} s");
            }

            copy.Wait(Timeout);
            Assert.True(process.ExitCode == 0, $"bash exited with {process.ExitCode}: {errors.Result}");
            return Frame(output.ToArray());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Quotes text as one bash word (single quotes; a quote inside becomes <c>'\''</c>).</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static List<List<byte[][]>> Frame(byte[] output)
    {
        var lines = new List<List<byte[][]>>();
        var commands = new List<byte[][]>();
        var arguments = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < output.Length; i++)
        {
            if (output[i] != 0)
            {
                continue;
            }

            var record = output.AsSpan(start, i - start);
            start = i + 1;
            switch (record.Length == 0 ? (byte)0 : record[0])
            {
                case (byte)'A':
                    arguments.Add(record[1..].ToArray());
                    break;
                case (byte)'C' when record.Length == 1:
                    commands.Add([.. arguments]);
                    arguments.Clear();
                    break;
                case (byte)'R' when record.Length == 1:
                    lines.Add(commands);
                    commands = [];
                    break;
                default:
                    throw new InvalidDataException($"unexpected record '{Encoding.UTF8.GetString(record)}' in bash output");
            }
        }

        Assert.True(start == output.Length && arguments.Count == 0 && commands.Count == 0, "bash output ended inside a record");
        return lines;
    }
}
