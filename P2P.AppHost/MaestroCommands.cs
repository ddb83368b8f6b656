namespace P2P.AppHost;

/// <summary>What an operator can make the Maestro do from the dashboard.</summary>
internal static class MaestroCommands
{
    public const string ForgetPeers = "forget-all-peers";

    public static IResourceBuilder<ProjectResource> WithMaestroCommands(this IResourceBuilder<ProjectResource> maestro) =>
        maestro.WithControlCommand(ForgetPeers, "Forget all peers", new ControlCall(HttpMethod.Delete, "/peers", answer =>
                $"The Maestro forgot {answer.Text("peers")} peers; each registers again at its next heartbeat."),
            new CommandOptions
            {
                Description = "Empties the directory, as a restart would; watch the peers register again.",
                IconName = "PeopleSync",
                ConfirmationMessage = "Forget every peer? Lookups through the Maestro find nothing until the peers register again.",
            });
}
