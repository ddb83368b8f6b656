using System.Runtime.InteropServices;

namespace P2P.Transfer.Storage;

/// <summary>
/// Moves a finished file into a folder without ever replacing a file already there, even one a concurrent writer
/// creates at that moment, then flushes the folder so the new name survives a power cut. On Linux the kernel checks and
/// renames in one step (<c>renameat2</c> with <c>RENAME_NOREPLACE</c>, or <c>link</c> then <c>unlink</c> where the file
/// system lacks it); .NET's own <c>File.Move</c> may check first and rename after, which a writer can slip between.
/// </summary>
public static partial class NoReplaceMove
{
    private const int AtCurrentDirectory = -100;
    private const uint RenameNoReplace = 1;
    // O_RDONLY: enough to fsync a folder, and unlike O_DIRECTORY the same number on every architecture.
    private const int OpenReadOnly = 0;

    private const int NotPermitted = 1;
    private const int NoEntry = 2;
    private const int AccessDenied = 13;
    private const int Exists = 17;
    private const int InvalidArgument = 22;
    private const int NotImplemented = 38;
    private const int NotSupported = 95;

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/>, which must not exist.</summary>
    /// <exception cref="TargetExistsException">Something already has the destination's name; both files are left as they were.</exception>
    public static void Move(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            MoveManaged(source, destination);
            return;
        }
        var renameError = RenameAt2(source, destination);
        if (renameError == 0)
        {
            return;
        }
        if (renameError is not (NotImplemented or InvalidArgument))
        {
            ThrowOnError(renameError, source, destination);
        }
        // A hard link is created only where no name exists: the same guarantee, in two steps the source survives.
        if (Link(source, destination) != 0)
        {
            var linkError = Marshal.GetLastPInvokeError();
            if (linkError is NotPermitted or NotSupported)
            {
                // Neither atomic way is available on this file system: the managed move is the best left.
                MoveManaged(source, destination);
                return;
            }
            ThrowOnError(linkError, source, destination);
        }
        if (Unlink(source) != 0)
        {
            ThrowOnError(Marshal.GetLastPInvokeError(), source, destination);
        }
    }

    /// <summary>Flushes a folder's entries (names created, renamed or removed) to the disk; does nothing off Linux.</summary>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var fd = Open(directory, OpenReadOnly);
        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), $"open the folder '{directory}' to flush it", directory);
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw Failure(Marshal.GetLastPInvokeError(), $"flush the folder '{directory}'", directory);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static void MoveManaged(string source, string destination)
    {
        try
        {
            File.Move(source, destination, overwrite: false);
        }
        catch (IOException) when (Path.Exists(destination) && Path.Exists(source))
        {
            throw new TargetExistsException(destination);
        }
    }

    /// <summary>0 on success, else the errno; ENOSYS where the C library has no <c>renameat2</c> (before glibc 2.28).</summary>
    private static int RenameAt2(string source, string destination)
    {
        try
        {
            return RenameAt2(AtCurrentDirectory, source, AtCurrentDirectory, destination, RenameNoReplace) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        catch (EntryPointNotFoundException)
        {
            return NotImplemented;
        }
    }

    private static void ThrowOnError(int errno, string source, string destination)
    {
        if (errno == Exists)
        {
            throw new TargetExistsException(destination);
        }
        throw Failure(errno, $"move '{source}' to '{destination}'", source);
    }

    private static Exception Failure(int errno, string action, string path)
    {
        var reason = $"Could not {action}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            NoEntry => new FileNotFoundException(reason, path),
            AccessDenied or NotPermitted => new UnauthorizedAccessException(reason),
            // .NET reports an errno as the HResult, which StorageFailure reads (a full disk, a read-only file system).
            _ => new IOException(reason, errno),
        };
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int sourceDirectory, string source, int destinationDirectory, string destination, uint flags);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
