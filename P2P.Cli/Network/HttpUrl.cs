namespace P2P.Cli.Network;

/// <summary>Checks an address typed by the user: an absolute http:// or https:// URL.</summary>
public static class HttpUrl
{
    public static bool TryParse(string? value, out Uri url) =>
        Uri.TryCreate(value, UriKind.Absolute, out url!) && url.Scheme is "http" or "https" && url.Host.Length > 0;

    /// <exception cref="CliException">The value is not an http:// or https:// URL.</exception>
    public static Uri Parse(string value, string from) =>
        TryParse(value, out var url)
            ? url
            : throw new CliException(ExitCodes.BadArguments, $"{from} must be an http:// or https:// URL; '{value}' is not.");
}
