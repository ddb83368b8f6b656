using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.AspNetCore.Server;
using P2P.Hosting.Membership;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace P2P.Hosting.Limits;

/// <summary>
/// Per-client rate limiting and a request body cap for a component's REST API, both answered with problem details.
/// Health probes, gRPC calls and the membership exchange (which opens them) are exempt from the rate: probes must not
/// fail under load, and transfers have their own caps. A gRPC call is one routed to a gRPC method, never one that merely
/// says so in its Content-Type, which any client can send. The membership exchange takes bodies of at most
/// <see cref="MembershipBodyBytes"/>. Caps are counted as the body streams in, never by buffering it.
/// </summary>
public static class RestLimits
{
    /// <summary>The largest body of a membership exchange: a nonce and a proof fill a few hundred bytes.</summary>
    public const int MembershipBodyBytes = 4 * 1024;

    private static readonly string[] s_exemptPaths = ["/health", "/alive"];

    public static IServiceCollection AddRestLimits<TOptions>(this IServiceCollection services)
        where TOptions : class, IRestLimitOptions =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<TOptions>>().Value;
                if (options.RateLimitPerSecond == 0 || IsExempt(context))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }
                return RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(options.RateLimitBurst, 1),
                    TokensPerPeriod = options.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = (context, _) => RejectAsync(context);
        });

    /// <summary>
    /// Adds the body cap and the rate limiter to the pipeline; call after the exception handler and after routing (a
    /// <c>WebApplication</c> routes first unless told otherwise), since gRPC calls are told apart by their endpoint. A body
    /// declared too large is refused first: that answer costs nothing, and a client then learns the real problem, not to slow down.
    /// </summary>
    public static IApplicationBuilder UseRestLimits<TOptions>(this IApplicationBuilder app)
        where TOptions : class, IRestLimitOptions
    {
        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (IsProbe(context) || endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
            {
                await next(context);
                return;
            }
            var limit = endpoint?.Metadata.GetMetadata<MembershipExchange>() is not null
                ? MembershipBodyBytes
                : context.RequestServices.GetRequiredService<IOptions<TOptions>>().Value.MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await TooLargeAsync(context, limit);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            // Counted here as it streams in: over HTTP/2 the JSON reader turns the server's own cut-off into a 500, and
            // this one's 413 reaches the client as problem details.
            if (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
            {
                context.Request.Body = new CappedBodyStream(context.Request.Body, limit);
            }
            await next(context);
        });
        return app;
    }

    private static bool IsProbe(HttpContext context) => s_exemptPaths.Contains(context.Request.Path.Value, StringComparer.OrdinalIgnoreCase);

    private static bool IsExempt(HttpContext context) =>
        IsProbe(context)
        || context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null
        || context.GetEndpoint()?.Metadata.GetMetadata<MembershipExchange>() is not null;

    private static async ValueTask RejectAsync(OnRejectedContext context)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await WriteProblemAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests.",
            $"This client sent more requests than the limit (rate_limit_per_second, rate_limit_burst); retry after {seconds} s.");
    }

    private static Task TooLargeAsync(HttpContext context, long limit) =>
        WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large.",
            $"The request body is {context.Request.ContentLength} bytes; this service accepts at most {limit} (max_request_body_bytes).").AsTask();

    private static ValueTask WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
