using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace ToolGate.Samples.FetchTool;

/// <summary>One GET of one URL, with a TimeProvider-based timeout and a 64 KiB cap on the body read.</summary>
/// <param name="client">Configured in <see cref="FetchToolApp"/>: no redirects, no cookies, no HttpClient timeout of its own.</param>
internal sealed class UrlFetcher(HttpClient client, IOptions<FetchToolOptions> options, TimeProvider timeProvider, ILogger<UrlFetcher> logger)
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Per-request: the address to dial instead of resolving the host (see <see cref="FetchToolApp"/>'s ConnectCallback).</summary>
    public static readonly HttpRequestOptionsKey<IPAddress> ConnectAddress = new("ToolGate.ConnectAddress");

    /// <exception cref="HttpRequestException">The upstream could not be reached.</exception>
    /// <exception cref="IOException">The connection broke while the body was read.</exception>
    /// <exception cref="TimeoutException"><c>FetchTool:TimeoutSeconds</c> ran out.</exception>
    public async Task<FetchResult> FetchAsync(Uri url, IPAddress? address, CancellationToken requestAborted)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        using var timeoutCts = new CancellationTokenSource(timeout, timeProvider);
        using var fetchCts = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, requestAborted);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (address is not null)
            {
                request.Options.Set(ConnectAddress, address);
                // A pooled connection was dialled for an earlier request's address: never reuse one across requests.
                request.Headers.ConnectionClose = true;
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, fetchCts.Token);
            var (body, truncated) = await ReadBodyAsync(response.Content, fetchCts.Token);
            var result = new FetchResult(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.ToString(),
                body,
                truncated,
                response.Headers.Location?.OriginalString);
            Log.Fetched(logger, url, result.Status, truncated);
            return result;
        }
        catch (OperationCanceledException ex) when (timeoutCts.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            throw new TimeoutException($"Fetching {url} took longer than {timeout.TotalSeconds:0} s.", ex);
        }
    }

    private static async Task<(string Body, bool Truncated)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);

        // One byte more than kept tells whether there was more.
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        var truncated = length > MaxBodyBytes;
        var encoding = GetEncoding(content.Headers.ContentType?.CharSet);
        return (encoding.GetString(buffer, 0, Math.Min(length, MaxBodyBytes)), truncated);
    }

    private static Encoding GetEncoding(string? charset)
    {
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                return Encoding.GetEncoding(charset.Trim('"', ' '));
            }
            catch (ArgumentException)
            {
                // Unknown charset: fall back to UTF-8.
            }
        }

        return Encoding.UTF8;
    }
}
