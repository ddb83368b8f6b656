using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using P2P.Hosting.Limits;

namespace P2P.Hosting.Security;

/// <summary>
/// The plain (local) port against web pages: it answers only requests named for this machine (<c>localhost</c>, an IP
/// address or the configured <c>ip</c>), so a rebound DNS name reads nothing; and it refuses, from a browser that says
/// the request comes from another site, every route that changes or starts something. Tools such as curl send
/// neither <c>Sec-Fetch-Site</c> nor <c>Origin</c> and pass. The TLS port is not for browsers: any Host is accepted
/// there, since every route but the membership exchange already requires a proven client certificate.
/// </summary>
public static class PlainPortGuard
{
    public const string HostDetail = "This port answers requests for localhost, an IP address or the node's configured ip only, never another host name.";

    public const string CrossSiteDetail = "This route does not take requests that a browser sends from another site.";

    public static WebApplication UsePlainPortGuard<TOptions>(this WebApplication app)
        where TOptions : IServiceOptions
    {
        var ip = app.Configuration[$"{TOptions.Section}:ip"];
        app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps)
            {
                await next(context);
                return;
            }
            if (!IsLocalName(context.Request.Host.Host, ip))
            {
                await RefuseAsync(context, StatusCodes.Status421MisdirectedRequest, "Host not served.", HostDetail);
                return;
            }
            if (ActsOnRequest(context) && IsCrossSite(context.Request))
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused.", CrossSiteDetail);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// True for <c>localhost</c>, an IP address (a literal is never looked up, so it cannot be rebound) or
    /// <paramref name="ip"/>, whatever the port.
    /// </summary>
    public static bool IsLocalName(string host, string? ip)
    {
        var name = host.TrimStart('[').TrimEnd(']');
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(name, out _)
            || (!string.IsNullOrEmpty(ip) && string.Equals(name, ip.TrimStart('[').TrimEnd(']'), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when a browser says the request comes from another site, or names an origin other than this one.</summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static bool ActsOnRequest(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        || context.GetEndpoint()?.Metadata.GetMetadata<SameSiteOnly>() is not null;

    private static ValueTask RefuseAsync(HttpContext context, int status, string title, string detail) =>
        RestLimits.WriteProblemAsync(context, status, title, detail);
}
