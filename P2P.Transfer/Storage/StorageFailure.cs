namespace P2P.Transfer.Storage;

/// <summary>
/// Tells the two disk failures a user can act on (a full disk, a folder the peer may not write) from other I/O errors,
/// and says what happened in plain words instead of an errno and a staging path.
/// </summary>
public static class StorageFailure
{
    // ENOSPC and EDQUOT on Linux (.NET reports the errno as the HResult), ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
    private static readonly HashSet<int> s_diskFull = [28, 122, unchecked((int)0x80070027), unchecked((int)0x80070070)];

    // EROFS on Linux, ERROR_WRITE_PROTECT on Windows.
    private static readonly HashSet<int> s_readOnly = [30, unchecked((int)0x80070013)];

    public static bool IsDiskFull(Exception exception) => exception is IOException { HResult: var code } && s_diskFull.Contains(code);

    /// <summary>A read-only file system, or (as with <c>chmod</c>) a folder the peer's user may not write to.</summary>
    public static bool IsReadOnly(Exception exception) =>
        exception is UnauthorizedAccessException || (exception is IOException { HResult: var code } && s_readOnly.Contains(code));

    /// <summary>A sentence for a failure of <paramref name="action"/> (e.g. "store 'a.txt'"), or null when it is neither full nor read-only.</summary>
    public static string? Describe(Exception exception, string action) =>
        IsDiskFull(exception) ? $"No space left on the peer's disk: could not {action}."
        : IsReadOnly(exception) ? $"The peer's shared folder is read-only (or not writable by the peer): could not {action}."
        : null;
}
