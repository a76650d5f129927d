using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ToolGate.Gateway.Tests.Infrastructure;

internal static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string Text(this JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? string.Empty;
}
