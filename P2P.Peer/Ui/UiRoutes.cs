namespace P2P.Peer.Ui;

/// <summary>The web UI's routes.</summary>
public static class UiRoutes
{
    public const string Root = "/ui";
    public const string Home = "/ui/";
    public const string Login = "/ui/login";
    public const string Logout = "/ui/logout";
    public const string Session = "/ui/api/session";
    public const string Events = "/ui/api/events";
    public const string Downloads = "/ui/api/downloads";
    public const string Heartbeats = "/ui/api/heartbeats";
    public const string Files = "/ui/api/files";
}
