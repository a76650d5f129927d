using System.Net;
using ToolGate.Samples.Shared;

namespace ToolGate.Samples.FetchTool;

/// <summary><c>POST /tools/fetch</c>: 400 for a bad URL, 502 when the upstream cannot be reached, 504 when it is too slow.</summary>
internal static class FetchEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, UrlFetcher fetcher, ILogger<UrlFetcher> logger)
    {
        var (request, error) = await JsonBody.ReadAsync<FetchRequest>(context);
        if (request is null)
        {
            return SampleHost.BadRequest(error!);
        }

        if (string.IsNullOrWhiteSpace(request.Url)
            || !Uri.TryCreate(request.Url, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(url.Host))
        {
            return SampleHost.BadRequest("'url' must be an absolute http or https URL.");
        }

        IPAddress? address = null;
        if (request.Address is not null && !IPAddress.TryParse(request.Address, out address))
        {
            return SampleHost.BadRequest("'address' must be an IP address.");
        }

        try
        {
            return TypedResults.Ok(await fetcher.FetchAsync(url, address, context.RequestAborted));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Log.UpstreamFailed(logger, url, ex.Message);
            return TypedResults.Problem(
                detail: $"Could not fetch {url}: {ex.Message}", statusCode: StatusCodes.Status502BadGateway, title: "Upstream request failed");
        }
        catch (TimeoutException ex)
        {
            Log.UpstreamFailed(logger, url, ex.Message);
            return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status504GatewayTimeout, title: "Upstream request timed out");
        }
    }
}
