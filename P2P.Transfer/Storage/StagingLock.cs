using Microsoft.Win32.SafeHandles;

namespace P2P.Transfer.Storage;

/// <summary>
/// Makes one download at a time the owner of a staged version, within this process and across processes: an
/// exclusive lock (<c>flock</c> on Unix, a share lock on Windows) on a lock file beside the partial file, held for the
/// whole download. The partial file itself cannot carry the lock, since a download opens it twice (buffered and direct).
/// </summary>
public sealed class StagingLock : IDisposable
{
    private static readonly TimeSpan s_retry = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// What .NET reports as the HResult of opening a file another handle has locked: ERROR_SHARING_VIOLATION on
    /// Windows, the errno of the refused <c>flock</c> (EWOULDBLOCK: 11 on Linux, 35 on macOS) elsewhere.
    /// </summary>
    private static readonly int[] s_lockedByAnother = [unchecked((int)0x80070020), 11, 35];

    private readonly SafeFileHandle _handle;
    private readonly string _path;

    private StagingLock(SafeFileHandle handle, string path)
    {
        _handle = handle;
        _path = path;
    }

    /// <summary>Takes the lock, or null when another owner holds it now.</summary>
    public static StagingLock? TryTake(string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (s_lockedByAnother.Contains(e.HResult))
        {
            return null;
        }
        // A lock file with a byte in it was let go by an owner that then deleted it: this handle holds a lock on a file
        // no other download will open again, so the lock must be taken on the file now at that path.
        if (RandomAccess.GetLength(handle) > 0)
        {
            handle.Dispose();
            return null;
        }
        return new StagingLock(handle, path);
    }

    /// <summary>Waits until the lock is free and takes it; <paramref name="waiting"/> is called once if it is not free at first.</summary>
    public static async Task<StagingLock> TakeAsync(string path, TimeProvider time, Action waiting, CancellationToken cancellationToken)
    {
        for (var first = true; ; first = false)
        {
            if (TryTake(path) is { } taken)
            {
                return taken;
            }
            if (first)
            {
                waiting();
            }
            await Task.Delay(s_retry, time, cancellationToken);
        }
    }

    /// <summary>Lets go and deletes the lock file, marked first so that an opener who got it just before the delete lets it go too.</summary>
    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }
        try
        {
            RandomAccess.Write(_handle, "\0"u8, 0);
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The lock is let go below either way; a lock file left behind is empty of meaning once marked, or free.
        }
        _handle.Dispose();
    }
}
