using ToolGate.Core.Shell;

namespace ToolGate.Benchmarks.Decisions;

/// <summary>The shipped <c>policies/guardrails/shell.yaml</c>: benchmarks decide with the real guardrail data.</summary>
internal static class BenchmarkKnowledge
{
    private static readonly Lazy<ShellKnowledge> Loaded = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "policies", "guardrails", "shell.yaml");
            if (File.Exists(Path.Combine(directory.FullName, "ToolGate.sln")) && File.Exists(path))
            {
                return ShellKnowledge.Parse(File.ReadAllText(path), out var error) ?? throw new InvalidDataException($"{path}: {error}");
            }
        }

        throw new DirectoryNotFoundException("policies/guardrails/shell.yaml not found above " + AppContext.BaseDirectory);
    });

    public static ShellKnowledge Shell => Loaded.Value;
}
