using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ToolGate.Samples.Shared;

/// <summary>
/// Reads a JSON request body with the app's serializer options, turning malformed or mistyped JSON
/// into an error message for a 400 (instead of minimal API binding's empty 400). The Content-Type is
/// not checked: the body is parsed as JSON either way.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted);
            return value is null ? (null, "The request body must be a JSON object.") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The request body is not valid JSON for this tool: {ex.Message}");
        }
    }
}
