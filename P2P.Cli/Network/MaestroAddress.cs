namespace P2P.Cli.Network;

/// <summary>Which Maestro a run talks to: <c>--maestro</c>, else <see cref="EnvironmentVariable"/>, else <see cref="Default"/>.</summary>
public static class MaestroAddress
{
    public const string EnvironmentVariable = "P2P_MAESTRO_URL";
    public const string Default = "http://localhost:9000";

    public static Uri Resolve(string? option, Func<string, string?> environment)
    {
        var (value, from) = !string.IsNullOrWhiteSpace(option) ? (option, "--maestro")
            : environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? (fromEnvironment, EnvironmentVariable)
            : (Default, "the default");
        return HttpUrl.Parse(value, from);
    }
}
