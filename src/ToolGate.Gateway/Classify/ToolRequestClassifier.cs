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

        if (await ReadBodyAsync(request.Body, cancellationToken) is not { } body)
        {
            return TooLarge();
        }

        if (body.Length == 0)
        {
            return Classification.Fail(StatusCodes.Status400BadRequest, "the request has no body");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, StrictJson);
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

    private Classification TooLarge() =>
        Classification.Fail(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {_maxBodyBytes} bytes");

    /// <summary>The whole body, or null when it is larger than the limit.</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > _maxBodyBytes)
            {
                return null;
            }
        }
    }
}

/// <summary>The action a request carries, or the status and reason it could not be classified.</summary>
internal sealed record Classification(ToolAction? Action, int Status, string Error)
{
    public static Classification Success(ToolAction action) => new(action, StatusCodes.Status200OK, string.Empty);

    public static Classification Fail(int status, string error) => new(null, status, error);
}
