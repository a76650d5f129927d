using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Budgets;

/// <summary>
/// How a compute tool reports a job's real usage back so the unused GPU-seconds are refunded. Each admitted job's
/// forwarded body carries a report URL and a token: an HMAC of its decision id under a key kept in the data
/// directory. Only the tool sees the token (the agent never does), and a token settles only its own job, once.
/// </summary>
internal sealed class UsageReports
{
    public const string KeyFileName = "usage-report.key";
    public const string Scheme = "ToolGate-Usage";
    public const string Path = "/toolgate/compute/usage";

    private readonly byte[] _key;
    private readonly string? _configuredUrl;
    private readonly ListenerEndpoints _listeners;

    public UsageReports(SqliteDatabase database, IOptions<ToolGateOptions> options, ListenerEndpoints listeners)
    {
        _listeners = listeners;
        _configuredUrl = options.Value.Compute.UsageReportUrl;
        var path = System.IO.Path.Combine(database.DataDirectory, KeyFileName);
        if (File.Exists(path))
        {
            _key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return;
        }

        // Kept across restarts: a job admitted before a restart can still report after it.
        _key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(_key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Where tools post reports: <c>ToolGate:Compute:UsageReportUrl</c>, or this path on the agent listener.</summary>
    public string Url => _configuredUrl ?? new Uri(_listeners.GetUri(ListenerKind.Agents), Path).ToString();

    public string TokenFor(string decisionId) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("compute-usage:" + decisionId)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public bool Verify(string decisionId, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(TokenFor(decisionId)), Encoding.ASCII.GetBytes(token));
}
