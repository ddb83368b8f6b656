namespace P2P.Transfer;

/// <summary>Every chunk matched the manifest but the whole file did not: the sources agree on a wrong manifest.</summary>
public sealed class FileHashMismatchException(string message) : IOException(message);
