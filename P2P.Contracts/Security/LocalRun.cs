using System.Text.Json;

namespace P2P.Contracts.Security;

/// <summary>
/// What a running AppHost leaves for the command line on the same machine: its network key, its control token and its
/// Maestro, in <see cref="FileName"/> in the user's P2P state folder (owner-only, one per user, the latest run wins),
/// so that <c>p2p get</c> works without a typed secret, as <c>syncthing cli</c> and <c>ipfs</c> find theirs.
/// </summary>
public sealed record LocalRun(int Version, string RunId, int ProcessId, string MaestroUrl, string NetworkKey, string ControlToken)
{
    public const string FileName = "apphost-run.json";

    /// <summary>Points the state folder elsewhere (tests, a second user profile); unset: <c>p2p</c> in the local application data folder.</summary>
    public const string StateFolderVariable = "P2P_STATE_DIR";

    /// <summary>The largest run file read: it holds two secrets and a URL.</summary>
    public const int MaxBytes = 4096;

    public const int CurrentVersion = 1;

    private const int MinSecretLength = 16;
    private const int MaxSecretLength = 1024;

    /// <summary>The user's P2P state folder: <see cref="StateFolderVariable"/>, else <c>p2p</c> in the local application data folder.</summary>
    public static string StateFolder(Func<string, string?> environment) =>
        environment(StateFolderVariable) is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "p2p");

    public static string PathIn(string stateFolder) => Path.Combine(stateFolder, FileName);

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, SnakeCaseJson.Options);

    /// <summary>The run a file describes, or why its content cannot be one; never echoes a secret.</summary>
    public static (LocalRun? Run, string? Error) Parse(ReadOnlySpan<byte> content)
    {
        if (content.Length > MaxBytes)
        {
            return (null, $"it is over {MaxBytes} bytes");
        }
        LocalRun? run;
        try
        {
            run = JsonSerializer.Deserialize<LocalRun>(content, SnakeCaseJson.Options);
        }
        catch (JsonException)
        {
            return (null, "it is not the JSON an AppHost writes");
        }
        var error = run switch
        {
            null => "it is empty",
            { Version: not CurrentVersion } => $"it is of version {run.Version}, not {CurrentVersion}",
            _ when !IsSecret(run.NetworkKey) => "its network_key is missing or malformed",
            _ when !IsSecret(run.ControlToken) => "its control_token is missing or malformed",
            _ when !Uri.TryCreate(run.MaestroUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") =>
                "its maestro_url is not an http(s) URL",
            { ProcessId: <= 0 } => "its process_id is not a process id",
            _ when string.IsNullOrWhiteSpace(run.RunId) || run.RunId.Length > 64 => "its run_id is missing or malformed",
            _ => null,
        };
        return error is null ? (run, null) : (null, error);
    }

    // Printable ASCII: what the AppHost generates, and nothing that could smuggle a line into a log or a header.
    private static bool IsSecret(string? value) =>
        value is { Length: >= MinSecretLength and <= MaxSecretLength } && value.All(c => c is >= ' ' and < (char)127);
}
