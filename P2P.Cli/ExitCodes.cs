namespace P2P.Cli;

/// <summary>The process exit codes, one per kind of expected failure, so scripts can tell them apart.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran but did not succeed (a download failed, a source misbehaved, a write failed).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments: an unknown command or option, a missing argument, an invalid file name, URL or mode.</summary>
    public const int BadArguments = 2;

    /// <summary>The file, local or on the network, or the peer does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>The Maestro or a peer could not be reached.</summary>
    public const int Unreachable = 4;

    /// <summary>A downloaded file's whole SHA-256 did not match the manifest its sources agreed on.</summary>
    public const int HashMismatch = 5;

    /// <summary>A different file already has that name at the destination; it is never overwritten.</summary>
    public const int Conflict = 6;

    /// <summary>The peer refused: the network key is missing or wrong.</summary>
    public const int Unauthenticated = 7;

    /// <summary>Interrupted (Ctrl-C); a download keeps its verified chunks for the next run.</summary>
    public const int Cancelled = 130;
}
