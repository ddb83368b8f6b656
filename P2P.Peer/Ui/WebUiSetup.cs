using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace P2P.Peer.Ui;

/// <summary>
/// The web UI at <c>/ui/</c>: static pages from embedded assets, signed in by the control token (or the single-use
/// login link) into an HTTP-only, SameSite=Strict cookie, anti-forgery on every state-changing call, and live values
/// by server-sent events. Served on the plain port only.
/// </summary>
public static class WebUiSetup
{
    public const string Scheme = "P2P.Ui";
    public const string Policy = "P2P.Ui";
    public const string CookieName = "p2p-ui";
    public const string AntiforgeryHeader = "X-P2P-Antiforgery";

    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebUiOptions>().BindConfiguration("Peer").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OneTimeLogin>();
        builder.Services.AddSingleton<FriendProbe>();
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.Path = UiRoutes.Root;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // The UI's calls get a 401 to act on, never a redirect to follow.
            o.Events.OnRedirectToLogin = c => WriteStatus(c.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => WriteStatus(c.Response, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build());
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = CookieName + "-af";
            o.Cookie.Path = UiRoutes.Root;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        var ui = app.MapGroup(UiRoutes.Root).ExcludeFromDescription().AddEndpointFilter<PlainPortOnly>();
        ui.MapUiPages();
        ui.MapUiLogin();
        ui.MapUiApi();
        return app;
    }

    private static Task WriteStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
