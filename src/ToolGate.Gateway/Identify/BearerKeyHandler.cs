using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Problems;

namespace ToolGate.Gateway.Identify;

/// <summary>
/// Shared shape of the agent and admin schemes: read <c>Authorization: Bearer …</c>, ask the subclass who
/// holds that key, and answer failures with RFC 7807 problem details.
/// </summary>
internal abstract class BearerKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected abstract string Audience { get; }

    protected abstract ClaimsPrincipal? Identify(string key);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not a bearer key"));
        }

        var principal = Identify(header["Bearer ".Length..].Trim());
        return Task.FromResult(principal is null
            ? AuthenticateResult.Fail("unknown or revoked key")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        var reason = result.Failure?.Message ?? $"an {Audience} bearer key is required";
        await ProblemResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", reason, rule: "identify", decisionId: null);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemResponses.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", $"this key is not a {Audience} key", rule: "identify", decisionId: null);
}
