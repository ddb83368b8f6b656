namespace P2P.Cli.Network;

/// <summary>
/// Which Maestro a run talks to: <c>--maestro</c>, else <see cref="EnvironmentVariable"/>, else the running AppHost's
/// (from its run file), else <see cref="Default"/>.
/// </summary>
public static class MaestroAddress
{
    public const string EnvironmentVariable = "P2P_MAESTRO_URL";
    public const string Default = "http://localhost:9000";

    public static Uri Resolve(string? option, Func<string, string?> environment, Func<string?>? running = null)
    {
        var (value, from) = !string.IsNullOrWhiteSpace(option) ? (option, "--maestro")
            : environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? (fromEnvironment, EnvironmentVariable)
            : running?.Invoke() is { Length: > 0 } fromRun ? (fromRun, "the AppHost's run file")
            : (Default, "the default");
        return HttpUrl.Parse(value, from);
    }
}
