using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.AspNetCore.Server;
using P2P.Hosting.Membership;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using KestrelServerOptions = Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace P2P.Hosting.Limits;

/// <summary>
/// Per-client rate limiting and a request body cap for a component's REST API, both answered with problem details.
/// Health probes and gRPC calls are exempt from both, and the membership exchange (which opens them) from the rate limit:
/// probes must not fail under load, and transfers have their own caps. A gRPC call is one routed to a gRPC method, never one that merely says so in its
/// Content-Type, which any client can send.
/// </summary>
public static class RestLimits
{
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
    /// Adds the rate limiter, then the body cap, to the pipeline; call after the exception handler, after routing (a
    /// <c>WebApplication</c> routes first unless told otherwise; gRPC calls are told apart by their endpoint) and after the
    /// membership gate, so that nothing of a refused client's body is read. The membership exchange takes
    /// <see cref="MembershipBodyBytes"/> at most. A body is counted while it is read, never buffered to be measured.
    /// </summary>
    public static IApplicationBuilder UseRestLimits<TOptions>(this IApplicationBuilder app)
        where TOptions : class, IRestLimitOptions
    {
        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            if (IsBodyCapExempt(context))
            {
                await next(context);
                return;
            }
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<MembershipExchange>() is null
                ? context.RequestServices.GetRequiredService<IOptions<TOptions>>().Value.MaxRequestBodyBytes
                : MembershipBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await TooLargeAsync(context, limit);
                return;
            }
            await CapBodyAsync(context, next, limit);
        });
        return app;
    }

    /// <summary>The body cap of the membership routes, whose messages are a few hundred bytes.</summary>
    public const long MembershipBodyBytes = 4096;

    private static async Task CapBodyAsync(HttpContext context, RequestDelegate next, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            // Over HTTP/2 Kestrel counts a frame when it arrives, up to a flow-control window ahead of the reader, and its
            // cut-off then surfaces as a 500; the counting stream must meet the cap first.
            var window = context.RequestServices.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.Http2.InitialStreamWindowSize;
            feature.MaxRequestBodySize = context.Request.ContentLength is null ? limit + window + 1 : limit;
        }
        var body = new CappedBodyStream(context.Request.Body, limit);
        context.Request.Body = body;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && body.Exceeded && !context.Response.HasStarted)
        {
        }
        if (body.Exceeded && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large.",
                $"The request body is over {limit} bytes; this route accepts at most {limit} (max_request_body_bytes).");
        }
    }

    private static bool IsExempt(HttpContext context) =>
        IsBodyCapExempt(context) || context.GetEndpoint()?.Metadata.GetMetadata<MembershipExchange>() is not null;

    private static bool IsBodyCapExempt(HttpContext context) =>
        s_exemptPaths.Contains(context.Request.Path.Value, StringComparer.OrdinalIgnoreCase)
        || context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;

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

    /// <summary>Answers with a problem detail; shared by the other pipeline guards.</summary>
    internal static ValueTask WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
