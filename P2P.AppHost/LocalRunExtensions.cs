using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using P2P.Contracts.Security;

namespace P2P.AppHost;

/// <summary>
/// Leaves this run's network key, control token and Maestro in the user's P2P state folder (<see cref="LocalRun"/>),
/// owner-only, so that <c>p2p</c> on this machine needs no typed secret; the file goes again when the AppHost stops.
/// </summary>
internal static class LocalRunExtensions
{
    /// <summary>
    /// The state folder is <c>P2P_STATE_DIR</c> from the AppHost's configuration (an environment variable or
    /// <c>--P2P_STATE_DIR=</c>; tests point it at a temporary folder), else the user's local application data.
    /// </summary>
    public static IDistributedApplicationBuilder WithLocalRunFile(this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> maestro, IResourceBuilder<ParameterResource> networkKey, IResourceBuilder<ParameterResource> controlToken)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }
        var path = LocalRun.PathIn(LocalRun.StateFolder(name => builder.Configuration[name]));
        var runId = Guid.NewGuid().ToString("N");
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>(async (created, cancellationToken) =>
        {
            var run = new LocalRun(LocalRun.CurrentVersion, runId, Environment.ProcessId, maestro.GetEndpoint("http").Url,
                await networkKey.Resource.GetValueAsync(cancellationToken) ?? "", await controlToken.Resource.GetValueAsync(cancellationToken) ?? "");
            StateFile.Write(path, run.ToBytes());
            created.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => RemoveIfOurs(path, runId));
        });
        return builder;
    }

    // A later run's file is its own: only this run's is removed.
    private static void RemoveIfOurs(string path, string runId)
    {
        try
        {
            var content = File.ReadAllBytes(path);
            if (LocalRun.Parse(content).Run?.RunId == runId)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or not ours to remove: p2p notices a stopped run by its process id.
        }
    }
}
