using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using P2P.Contracts.Security;

namespace P2P.Peer.Ui;

/// <summary>Signing in to the UI: the control token through the sign-in form, or the single-use login link; and out.</summary>
public static class UiLogin
{
    public const string WrongToken = "That is not this peer's control token.";
    public const string NoToken = "Enter this peer's control token to sign in.";
    public const string LinkUsed = "This login link has been used or has expired: sign in with the control token.";

    public static RouteGroupBuilder MapUiLogin(this RouteGroupBuilder ui)
    {
        ui.MapPost("/login", SignInAsync).DisableAntiforgery();
        ui.MapGet("/login/{secret}", LinkAsync);
        ui.MapPost("/logout", SignOutAsync).DisableAntiforgery();
        return ui;
    }

    public static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, IOptions<PeerOptions> options)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return UiApi.AntiforgeryRefused();
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString();
        if (token.Length == 0)
        {
            return UiPages.LoginPage(context, antiforgery, NoToken, StatusCodes.Status401Unauthorized);
        }
        if (!ConstantTime.Matches(options.Value.ControlToken, token))
        {
            return UiPages.LoginPage(context, antiforgery, WrongToken, StatusCodes.Status401Unauthorized);
        }
        await SignInCookieAsync(context);
        return TypedResults.Redirect(UiRoutes.Home);
    }

    public static async Task<IResult> LinkAsync(string secret, HttpContext context, OneTimeLogin login, IAntiforgery antiforgery)
    {
        if (!login.TryUse(secret))
        {
            return UiPages.LoginPage(context, antiforgery, LinkUsed, StatusCodes.Status401Unauthorized);
        }
        await SignInCookieAsync(context);
        return TypedResults.Redirect(UiRoutes.Home);
    }

    public static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return UiApi.AntiforgeryRefused();
        }
        await context.SignOutAsync(WebUiSetup.Scheme);
        return TypedResults.Redirect(UiRoutes.Login);
    }

    private static Task SignInCookieAsync(HttpContext context)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "node operator")], WebUiSetup.Scheme);
        return context.SignInAsync(WebUiSetup.Scheme, new ClaimsPrincipal(identity));
    }
}
