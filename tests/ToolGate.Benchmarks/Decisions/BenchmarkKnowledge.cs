using ToolGate.Core.Compute;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Destinations;

namespace ToolGate.Benchmarks.Decisions;

/// <summary>The shipped <c>policies/guardrails/shell.yaml</c> and <c>network.yaml</c>: benchmarks decide with the real guardrail data.</summary>
internal static class BenchmarkKnowledge
{
    private static readonly Lazy<ShellKnowledge> Loaded = new(() =>
    {
        var path = GuardrailFile("shell.yaml");
        return ShellKnowledge.Parse(File.ReadAllText(path), out var error) ?? throw new InvalidDataException($"{path}: {error}");
    });

    private static readonly Lazy<NetworkKnowledge> LoadedNetwork = new(() =>
    {
        var path = GuardrailFile("network.yaml");
        return NetworkKnowledge.Parse(File.ReadAllText(path), out var errors) ?? throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
    });

    private static readonly Lazy<ComputeKnowledge> LoadedCompute = new(() =>
    {
        var path = GuardrailFile("compute.yaml");
        return ComputeKnowledge.Parse(File.ReadAllText(path), out var errors) ?? throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
    });

    public static ShellKnowledge Shell => Loaded.Value;

    public static ComputeKnowledge Compute => LoadedCompute.Value;

    public static NetworkKnowledge Network => LoadedNetwork.Value;

    /// <summary>The network guardrails for where shell commands connect, as a policy snapshot builds them.</summary>
    public static ShellNetworkGuardrails ShellNetwork => LoadedShellNetwork.Value;

    private static readonly Lazy<ShellNetworkGuardrails> LoadedShellNetwork = new(() => new ShellNetworkGuardrails(Network, OperatorSettings.Default));

    /// <summary>The shipped guardrails folder, for benchmarks that start the real gateway on a copy of it.</summary>
    public static string GuardrailsDirectory => Path.GetDirectoryName(GuardrailFile("shell.yaml"))!;

    private static string GuardrailFile(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "policies", "guardrails", name);
            if (File.Exists(Path.Combine(directory.FullName, "ToolGate.sln")) && File.Exists(path))
            {
                return path;
            }
        }

        throw new DirectoryNotFoundException($"policies/guardrails/{name} not found above " + AppContext.BaseDirectory);
    }
}
