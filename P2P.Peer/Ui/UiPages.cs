using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace P2P.Peer.Ui;

/// <summary>The UI's pages: the app itself for a signed-in browser, the sign-in page for anyone else, and the assets.</summary>
public static class UiPages
{
    private const string SecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    public static RouteGroupBuilder MapUiPages(this RouteGroupBuilder ui)
    {
        ui.MapGet("/", (Delegate)HomeAsync);
        ui.MapGet("/login", (HttpContext context, IAntiforgery antiforgery) => LoginPage(context, antiforgery, message: null));
        ui.MapGet("/assets/{name}", Asset);
        return ui;
    }

    public static async Task<IResult> HomeAsync(HttpContext context)
    {
        var signedIn = await context.AuthenticateAsync(WebUiSetup.Scheme);
        return signedIn.Succeeded ? Html(context, UiAssets.Page("index.html")) : TypedResults.Redirect(UiRoutes.Login);
    }

    /// <summary>The sign-in page with a fresh anti-forgery token, and what went wrong with the last attempt, if anything.</summary>
    public static IResult LoginPage(HttpContext context, IAntiforgery antiforgery, string? message, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var page = UiAssets.Page("login.html")
            .Replace("{{field}}", HtmlEncoder.Default.Encode(tokens.FormFieldName), StringComparison.Ordinal)
            .Replace("{{antiforgery}}", HtmlEncoder.Default.Encode(tokens.RequestToken ?? ""), StringComparison.Ordinal)
            .Replace("{{message}}", message is null ? "" : $"<p class=\"error\" role=\"alert\">{HtmlEncoder.Default.Encode(message)}</p>",
                StringComparison.Ordinal);
        return Html(context, page, status);
    }

    public static IResult Asset(string name) =>
        UiAssets.Find(name) is var (bytes, type) ? TypedResults.Bytes(bytes, type) : TypedResults.NotFound();

    private static IResult Html(HttpContext context, string page, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ContentSecurityPolicy = SecurityPolicy;
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(page, "text/html; charset=utf-8", statusCode: status);
    }
}
