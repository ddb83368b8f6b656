using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Instrumentation.Http;
using P2P.Contracts.Remote;

namespace P2P.Hosting.Tracing;

/// <summary>
/// Names an HTTP client span after the route its request was made from (<c>PUT /peers/{id}/heartbeat</c>), as the
/// server names its own: a trace list of bare <c>POST</c>s says nothing about what happened. The method then lives in
/// the name only: the Aspire dashboard shows a client span that carries <c>http.request.method</c> as
/// <c>HTTP POST 200</c>, whatever its name.
/// </summary>
public static class RouteNamedClientSpans
{
    public const string UrlTemplateTag = "url.template";

    private const string MethodTag = "http.request.method";

    public static IServiceCollection AddRouteNamedClientSpans(this IServiceCollection services) =>
        services.Configure<HttpClientTraceInstrumentationOptions>(options =>
        {
            var others = options.EnrichWithHttpRequestMessage;
            options.EnrichWithHttpRequestMessage = (activity, request) =>
            {
                others?.Invoke(activity, request);
                if (request.Options.TryGetValue(RouteTemplate.Key, out var template))
                {
                    activity.DisplayName = $"{request.Method.Method} {template}";
                    activity.SetTag(UrlTemplateTag, template);
                    activity.SetTag(MethodTag, null);
                }
            };
        });
}
