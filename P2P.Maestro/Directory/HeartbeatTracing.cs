using OpenTelemetry.Instrumentation.AspNetCore;
using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// Keeps heartbeats out of the Maestro's traces: one per peer every few seconds buried every lookup in the dashboard's
/// trace list. They stay counted and timed by the request metrics; the peer traces the heartbeats that fail.
/// </summary>
public static class HeartbeatTracing
{
    public static IServiceCollection AddHeartbeatTraceFilter(this IServiceCollection services) =>
        services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var others = options.Filter;
            options.Filter = context => !IsHeartbeat(context) && (others?.Invoke(context) ?? true);
        });

    private static bool IsHeartbeat(HttpContext context) =>
        HttpMethods.IsPut(context.Request.Method) && MaestroRoutes.IsHeartbeat(context.Request.Path.Value);
}
