using System.ComponentModel;
using System.Text;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace ToolGate.Samples.McpServer;

/// <summary><c>fetch</c>: one HTTP GET, redirects not followed, bounded in time and in body size.</summary>
internal sealed class FetchTool(IHttpClientFactory clients, IOptions<McpSampleOptions> options, TimeProvider timeProvider, ILogger<FetchTool> logger)
{
    public const string ClientName = "fetch";
    public const int MaxBodyBytes = 64 * 1024;

    [McpServerTool(Name = "fetch", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Fetches a URL with one HTTP GET (redirects are not followed) and returns the status, the content type and the body as text (at most 64 KiB). Times out after the server's fetch timeout (10 s by default).")]
    public async Task<string> FetchAsync(
        [Description("An absolute http or https URL, e.g. \"https://example.com/\".")]
        string url,
        CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            throw new McpException("'url' must be an absolute http or https URL.");
        }

        var timeout = TimeSpan.FromSeconds(options.Value.FetchTimeoutSeconds);
        using var timeoutCts = new CancellationTokenSource(timeout, timeProvider);
        using var fetchCts = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, cancellationToken);
        try
        {
            var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, fetchCts.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(fetchCts.Token);
            var buffer = new byte[MaxBodyBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), fetchCts.Token)) > 0)
            {
                length += read;
            }

            Log.Fetched(logger, target, (int)response.StatusCode);
            var text = new StringBuilder()
                .Append("status: ").Append((int)response.StatusCode).Append('\n')
                .Append("content-type: ").Append(response.Content.Headers.ContentType?.ToString() ?? "none").Append('\n');
            if (response.Headers.Location is { } location)
            {
                text.Append("location: ").Append(location.OriginalString).Append('\n');
            }

            text.Append('\n').Append(Encoding.UTF8.GetString(buffer, 0, Math.Min(length, MaxBodyBytes)));
            if (length > MaxBodyBytes)
            {
                text.Append("\n[body truncated at ").Append(MaxBodyBytes).Append(" bytes]");
            }

            return text.ToString();
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new McpException($"Fetching {target} took longer than {timeout.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new McpException($"Could not fetch {target}: {ex.Message}");
        }
    }
}
