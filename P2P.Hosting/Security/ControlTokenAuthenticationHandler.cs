using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using P2P.Contracts.Security;

namespace P2P.Hosting.Security;

/// <summary>
/// Authenticates a request by the control token in its <c>Authorization: Bearer</c> header, so the endpoints that make
/// a node act can require it before their body is even read. Challenges answer 401 problem details that never repeat
/// what was presented.
/// </summary>
public sealed class ControlTokenAuthenticationHandler<TOptions>(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes, ILoggerFactory loggerFactory, UrlEncoder encoder, IOptions<TOptions> component,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggerFactory, encoder)
    where TOptions : class, IControlTokenOptions
{
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented() is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!ConstantTime.Matches(component.Value.ControlToken, presented))
        {
            return Task.FromResult(AuthenticateResult.Fail("The control token is wrong."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "node operator")], ControlTokenAuthentication.SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ControlTokenAuthentication.SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Presented() is not null;
        // The route's pattern, not the raw path: what the caller typed stays out of the logs.
        var route = (Context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unrouted)";
        Logger.ControlRequestRefused(Request.Method, route, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            presented ? "wrong control token" : "no control token");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = ControlTokenAuthentication.SchemeName;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Control token required.",
                Detail = presented ? ControlTokenAuthentication.WrongTokenDetail : ControlTokenAuthentication.MissingTokenDetail,
            },
        });
    }

    private string? Presented()
    {
        var header = Request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && header.Length > Prefix.Length ? header[Prefix.Length..].Trim() : null;
    }
}
