using Microsoft.Extensions.Hosting;
using ToolGate.Gateway.Agents;
using ToolGate.Gateway.Identify;
using ToolGate.Gateway.Policies;

namespace ToolGate.Gateway.Hosting;

/// <summary>
/// Loads agents and policies before the listeners open (StartingAsync runs before any hosted service
/// starts, the web server included), so no request ever meets an empty directory by accident.
/// </summary>
internal sealed class ToolGateInitializer(AgentDirectory agents, PolicySnapshotProvider policies, AdminKey adminKey) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Generates (and prints, once) the admin key on first start, before anyone can ask for it.
        _ = adminKey.Hash;
        await agents.ReloadAsync(cancellationToken);
        try
        {
            await policies.ReloadFilesAsync(failOnError: true, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new ToolGateStartupException(e.Message, e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
