namespace P2P.Cli;

/// <summary>An expected failure: printed as one line on stderr, and the process exits with <see cref="ExitCode"/>.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
