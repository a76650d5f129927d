using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Policies;

/// <summary>Reloads policy files when they change, so grants-as-code apply without a restart.</summary>
internal sealed class PolicyFileWatcher(PolicySnapshotProvider provider, ILogger<PolicyFileWatcher> logger) : IHostedService, IDisposable
{
    private PhysicalFileProvider? _files;
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(provider.PoliciesDirectory))
        {
            return Task.CompletedTask;
        }

        _files = new PhysicalFileProvider(provider.PoliciesDirectory);
        _subscription = ChangeToken.OnChange(() => _files.Watch("*.y*ml"), Reload);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _subscription?.Dispose();
        _files?.Dispose();
    }

    private void Reload()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await provider.ReloadFilesAsync(failOnError: false, CancellationToken.None);
            }
#pragma warning disable CA1031 // A failed reload must not take the gateway down; the last good snapshot stays.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.PolicyReloadFailed(logger, e);
            }
        });
    }
}
