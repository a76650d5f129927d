using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ToolGate.Core.Actions;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Gateway.Classify;

/// <summary>
/// Reads a tool call's HTTP request into a canonical action. The body is read whole (up to a limit) and
/// parsed strictly: JSON only, no compression, no duplicate keys (a parser differential between us and the
/// tool would let one key be checked and another run).
/// </summary>
internal sealed class ToolRequestClassifier(IOptions<ToolGateOptions> options)
{
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    private readonly int _maxBodyBytes = options.Value.Requests.MaxBodyBytes;

    public async Task<Classification> ClassifyAsync(HttpRequest request, ActionFields fields, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            return Classification.Fail(StatusCodes.Status400BadRequest, "the request has no body");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return Classification.Fail(StatusCodes.Status415UnsupportedMediaType, "the body must be application/json");
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Classification.Fail(StatusCodes.Status415UnsupportedMediaType, $"content encoding '{encoding}' is not accepted");
        }

        if (request.ContentLength > _maxBodyBytes)
        {
            return TooLarge();
        }

        // A pooled buffer: the JSON is parsed and read into the action (its strings copied out) before it is returned.
        var initialSize = request.ContentLength is { } contentLength and > 0 and <= 16_384 ? (int)contentLength + 1 : 4096;
        var (buffer, length) = await ReadBodyAsync(request.Body, initialSize, cancellationToken);
        try
        {
            if (length < 0)
            {
                return TooLarge();
            }

            if (length == 0)
            {
                return Classification.Fail(StatusCodes.Status400BadRequest, "the request has no body");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(buffer.AsMemory(0, length), StrictJson);
            }
            catch (JsonException e)
            {
                return Classification.Fail(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}");
            }

            using (document)
            {
                var action = ActionReader.Read(document.RootElement, fields, out var error);
                return action is null ? Classification.Fail(StatusCodes.Status400BadRequest, error) : Classification.Success(action);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Classification TooLarge() =>
        Classification.Fail(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {_maxBodyBytes} bytes");

    /// <summary>
    /// Reads the whole body into a buffer rented from the pool, which the caller returns; the length read, or -1 when the
    /// body is larger than the limit. If reading fails, the buffer is returned here.
    /// </summary>
    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(Stream body, int initialSize, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(initialSize);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
                if (length > _maxBodyBytes)
                {
                    return (buffer, -1);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}

/// <summary>The action a request carries, or the status and reason it could not be classified.</summary>
internal sealed record Classification(ToolAction? Action, int Status, string Error)
{
    public static Classification Success(ToolAction action) => new(action, StatusCodes.Status200OK, string.Empty);

    public static Classification Fail(int status, string error) => new(null, status, error);
}
