namespace ToolGate.Samples.FetchTool;

/// <summary>
/// Response of <c>POST /tools/fetch</c>:
/// <c>{"status": 200, "contentType": "text/html; charset=utf-8", "body": "...", "truncated": false, "location": null}</c>.
/// Any upstream status (404, 500, 302, ...) is a successful fetch and is reported here with HTTP 200.
/// </summary>
/// <param name="Status">The upstream HTTP status code.</param>
/// <param name="ContentType">The upstream Content-Type header, or null.</param>
/// <param name="Body">The first 64 KiB of the body, decoded with the Content-Type's charset (UTF-8 when absent or unknown).</param>
/// <param name="Truncated">True when the body was longer than 64 KiB.</param>
/// <param name="Location">The upstream Location header as sent (set on redirects, which are not followed), or null.</param>
public sealed record FetchResult(int Status, string? ContentType, string Body, bool Truncated, string? Location);
