using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using P2P.Contracts.Security;

namespace P2P.Hosting.Security;

/// <summary>
/// Authenticates a request by the network key in its <c>X-P2P-Network-Key</c> header, so the endpoints that change
/// what a service stores or does can require it before their body is even read. Challenges answer 401 problem details
/// that never repeat what was presented.
/// </summary>
public sealed class NetworkKeyAuthenticationHandler<TOptions>(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes, ILoggerFactory loggerFactory, UrlEncoder encoder, IOptions<TOptions> component, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggerFactory, encoder)
    where TOptions : class, INetworkKeyOptions
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(NetworkKey.HeaderName, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!NetworkKey.Matches(component.Value.NetworkKey, presented.ToString()))
        {
            return Task.FromResult(AuthenticateResult.Fail("The network key is wrong."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "network member")], NetworkKeyAuthentication.SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), NetworkKeyAuthentication.SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.ContainsKey(NetworkKey.HeaderName);
        // The route's pattern, not the raw path: what the caller typed stays out of the logs.
        var route = (Context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unrouted)";
        Logger.ControlRequestRefused(Request.Method, route, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            presented ? "wrong network key" : "no network key");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{NetworkKeyAuthentication.SchemeName} header=\"{NetworkKey.HeaderName}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Network key required.",
                Detail = presented ? NetworkKeyAuthentication.WrongKeyDetail : NetworkKeyAuthentication.MissingKeyDetail,
            },
        });
    }
}
