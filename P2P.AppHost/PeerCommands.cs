namespace P2P.AppHost;

/// <summary>What an operator can make a peer do from the dashboard: rescan, pause or resume its heartbeats, download a file.</summary>
internal static class PeerCommands
{
    public const string Rescan = "rescan-shared-folder";
    public const string PauseHeartbeats = "pause-heartbeats";
    public const string ResumeHeartbeats = "resume-heartbeats";
    public const string Download = "download-file";
    public const string FileArgument = "file";

    public static IResourceBuilder<ProjectResource> WithPeerCommands(this IResourceBuilder<ProjectResource> peer)
    {
        var name = peer.Resource.Name;
        return peer
            .WithControlCommand(Rescan, "Rescan shared folder", new ControlCall(HttpMethod.Post, "/refresh", answer =>
                    $"{name} shares {answer.Text("files")} files{(answer.Text("changed") == "true" ? " (changed)" : "")}; "
                    + (answer.Text("registered") == "true" ? "the Maestro has them." : $"the Maestro did not take them: {answer.Text("registration_error")}")),
                new CommandOptions { Description = "Scans the shared folder now and registers what it holds with the Maestro.", IconName = "FolderSync" })
            .WithControlCommand(PauseHeartbeats, "Pause heartbeats", new ControlCall(HttpMethod.Post, "/heartbeats/pause", _ =>
                    $"{name} stopped heartbeating: the Maestro drops it once its TTL passes, and lookups fall back to the friends."),
                new CommandOptions { Description = "Stops this peer's heartbeats until resumed, so the Maestro expires it.", IconName = "Pause" })
            .WithControlCommand(ResumeHeartbeats, "Resume heartbeats", new ControlCall(HttpMethod.Post, "/heartbeats/resume", _ =>
                    $"{name} heartbeats again and registers anew if the Maestro dropped it."),
                new CommandOptions { Description = "Heartbeats again; the Maestro takes the peer back at its next round.", IconName = "Play" })
            .WithControlCommand(Download, "Download a file…", new ControlCall(HttpMethod.Post, "/downloads",
                    answer => $"{name} is downloading {answer.Text("file")}: download {answer.Text("id")} ({answer.Text("state")}), "
                        + $"followed at {answer.Location}. Its trace is in Traces as 'download {answer.Text("file")}'.",
                    // A caller that gives no name gets the peer's own answer to a missing file name.
                    arguments => new { File = arguments.TryGetByName(FileArgument, out var file) ? file.Value : null }),
                new CommandOptions
                {
                    Description = "Asks for a file name, finds its holders (the Maestro, else the friends) and downloads it into this peer's shared folder.",
                    IconName = "ArrowDownload",
                    Arguments =
                    [
                        new InteractionInput
                        {
                            Name = FileArgument, Label = "File name", InputType = InputType.Text, Required = true, Placeholder = "archivo3.txt",
                        },
                    ],
                });
    }
}
