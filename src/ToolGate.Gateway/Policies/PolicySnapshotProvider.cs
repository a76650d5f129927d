using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Core.Compute;
using ToolGate.Core.Grants;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Shell;
using ToolGate.Gateway.Grants;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Policies;

/// <summary>
/// Holds the current <see cref="PolicySnapshot"/> (API grants + policy-file grants + operator settings)
/// and swaps in a new one on every change. Readers never lock; rebuilds are serialised.
/// </summary>
internal sealed class PolicySnapshotProvider(
    IGrantStore grantStore, PolicyFileLoader loader, IOptions<ToolGateOptions> options, ILogger<PolicySnapshotProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private readonly OperatorSettings _settings = new()
    {
        AllowedNetworks = [.. options.Value.Egress.AllowedNetworks.Select(n => IPNetwork.Parse(n))],
    };

    private volatile PolicySnapshot _current = PolicySnapshot.Empty;
    private IReadOnlyList<Grant> _fileGrants = [];
    private ShellKnowledge? _shellKnowledge;
    private NetworkKnowledge? _networkKnowledge;
    private ComputeKnowledge? _computeKnowledge;

    public PolicySnapshot Current => _current;

    /// <summary>Raised after a new snapshot is in place (grants or guardrail data changed).</summary>
    public event Action<PolicySnapshot>? Changed;

    public string PoliciesDirectory => Path.GetFullPath(options.Value.PoliciesDirectory);

    /// <summary>Guardrail data lives beside the grants: <c>&lt;policies&gt;/guardrails/shell.yaml</c>.</summary>
    public string ShellGuardrailsFile => Path.Combine(PoliciesDirectory, "guardrails", "shell.yaml");

    /// <summary>Address classes, special names and mining indicators: <c>&lt;policies&gt;/guardrails/network.yaml</c>.</summary>
    public string NetworkGuardrailsFile => Path.Combine(PoliciesDirectory, "guardrails", "network.yaml");

    /// <summary>Miner indicators and env rules for compute jobs: <c>&lt;policies&gt;/guardrails/compute.yaml</c>.</summary>
    public string ComputeGuardrailsFile => Path.Combine(PoliciesDirectory, "guardrails", "compute.yaml");

    /// <summary>Reloads the policy files. At start-up an invalid file is fatal; later it keeps the last good set.</summary>
    public async Task ReloadFilesAsync(bool failOnError, CancellationToken cancellationToken)
    {
        var result = loader.Load(PoliciesDirectory);
        var knowledge = LoadShellKnowledge(out var knowledgeError);
        if (knowledgeError is not null)
        {
            result = result with { Errors = [.. result.Errors, knowledgeError] };
        }

        var networkKnowledge = LoadNetworkKnowledge(out var networkErrors);
        if (networkErrors.Count > 0)
        {
            result = result with { Errors = [.. result.Errors, .. networkErrors] };
        }

        var computeKnowledge = LoadComputeKnowledge(out var computeErrors);
        if (computeErrors.Count > 0)
        {
            result = result with { Errors = [.. result.Errors, .. computeErrors] };
        }

        if (!result.IsValid)
        {
            if (failOnError)
            {
                throw new InvalidOperationException(
                    $"Invalid policy files in {PoliciesDirectory}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", result.Errors));
            }

            foreach (var error in result.Errors)
            {
                Log.PolicyFileRejected(logger, error);
            }

            return;
        }

        _fileGrants = result.Grants;
        _shellKnowledge = knowledge;
        _networkKnowledge = networkKnowledge;
        _computeKnowledge = computeKnowledge;
        await RebuildAsync(cancellationToken);
        Log.PolicyFilesLoaded(logger, result.Grants.Count, PoliciesDirectory);
    }

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            var apiGrants = await grantStore.ListAsync(cancellationToken);
            _current = PolicySnapshot.Create(apiGrants.Concat(_fileGrants), _settings, _shellKnowledge, _networkKnowledge, _computeKnowledge);
        }
        finally
        {
            _rebuild.Release();
        }

        Changed?.Invoke(_current);
    }

    public ImmutableArray<Grant> Grants => _current.Grants;

    private ShellKnowledge? LoadShellKnowledge(out string? error)
    {
        var name = Path.Combine("guardrails", "shell.yaml");
        if (!File.Exists(ShellGuardrailsFile))
        {
            error = $"{name}: the shell guardrails file is missing; without it no shell command can be judged";
            return null;
        }

        var knowledge = ShellKnowledge.Parse(File.ReadAllText(ShellGuardrailsFile), out var parseError);
        error = knowledge is null ? $"{name}: {parseError}" : null;
        return knowledge;
    }

    private NetworkKnowledge? LoadNetworkKnowledge(out IReadOnlyList<string> errors)
    {
        var name = Path.Combine("guardrails", "network.yaml");
        if (!File.Exists(NetworkGuardrailsFile))
        {
            errors = [$"{name}: the network guardrails file is missing; without it no network action can be judged"];
            return null;
        }

        var knowledge = NetworkKnowledge.Parse(File.ReadAllText(NetworkGuardrailsFile), out var parseErrors);
        errors = [.. parseErrors.Select(error => $"{name}: {error}")];
        return knowledge;
    }

    private ComputeKnowledge? LoadComputeKnowledge(out IReadOnlyList<string> errors)
    {
        var name = Path.Combine("guardrails", "compute.yaml");
        if (!File.Exists(ComputeGuardrailsFile))
        {
            errors = [$"{name}: the compute guardrails file is missing; without it no compute job can be judged"];
            return null;
        }

        var knowledge = ComputeKnowledge.Parse(File.ReadAllText(ComputeGuardrailsFile), out var parseErrors);
        errors = [.. parseErrors.Select(error => $"{name}: {error}")];
        return knowledge;
    }

    public void Dispose() => _rebuild.Dispose();
}
