using Microsoft.Extensions.DependencyInjection;

namespace P2P.AppHost;

/// <summary>Resource commands that call a service's control API through <see cref="ServiceControlClient"/>.</summary>
internal static class ControlCommandExtensions
{
    /// <summary>Registers the one client every control call goes through, authenticated with the services' control token.</summary>
    public static IDistributedApplicationBuilder AddServiceControl(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> controlToken)
    {
        builder.Services.AddHttpClient(ServiceControlClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(services => new ServiceControlClient(services.GetRequiredService<IHttpClientFactory>(), controlToken.Resource));
        return builder;
    }

    /// <summary>
    /// Adds a command that makes <paramref name="call"/> and answers with its success sentence or the service's problem;
    /// the dashboard offers it only while the service runs.
    /// </summary>
    public static IResourceBuilder<T> WithControlCommand<T>(
        this IResourceBuilder<T> service, string name, string displayName, ControlCall call, CommandOptions options)
        where T : IResourceWithEndpoints
    {
        options.UpdateState ??= context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;
        return service.WithCommand(name, displayName, async context =>
        {
            var client = context.Services.GetRequiredService<ServiceControlClient>();
            var answer = await client.SendAsync(service.Resource, call.Method, call.Path, call.Body?.Invoke(context.Arguments), context.CancellationToken);
            return answer.Succeeded ? CommandResults.Success(call.Success(answer)) : CommandResults.Failure(answer.Problem ?? "The call failed.");
        }, options);
    }
}
