using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace P2P.Hosting.Problems;

/// <summary>RFC 7807 answers for every error, each carrying the plain W3C trace id the dashboard shows for the request.</summary>
public static class ProblemDetailsSetup
{
    public const string TraceIdKey = "trace_id";

    public static IServiceCollection AddTracedProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Replaces the default traceparent-shaped "traceId" with the 32-digit id users search for in traces.
            context.ProblemDetails.Extensions.Remove("traceId");
            if (Activity.Current is { } activity)
            {
                context.ProblemDetails.Extensions[TraceIdKey] = activity.TraceId.ToHexString();
            }
        });
}
