using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Policies;

/// <summary>Reloads policy files when they change, so grants-as-code apply without a restart.</summary>
internal sealed class PolicyFileWatcher(PolicySnapshotProvider provider, TimeProvider time, ILogger<PolicyFileWatcher> logger) : IHostedService, IDisposable
{
    /// <summary>Editors and copies write a file in several steps; reload once they have settled.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private int _pending;

    private PhysicalFileProvider? _files;
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(provider.PoliciesDirectory))
        {
            return Task.CompletedTask;
        }

        _files = new PhysicalFileProvider(provider.PoliciesDirectory);
        _subscription = ChangeToken.OnChange(() => _files.Watch("**/*.y*ml"), Reload);
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
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return; // a reload is already scheduled and will see this change too
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Debounce, time);
                Volatile.Write(ref _pending, 0);
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
