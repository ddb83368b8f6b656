using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace P2P.Transfer.Storage;

/// <summary>
/// Opens a name inside a folder for reading on Linux so that no link, at any depth, leads the open outside it: the
/// kernel resolves the whole name beneath the folder (<c>openat2</c> with <c>RESOLVE_BENEATH</c>), and where it cannot
/// (an older kernel, or an absolute link) the file is opened and the real path of the opened handle checked instead.
/// </summary>
public static partial class BeneathOpen
{
    private const long SysOpenAt2 = 437;
    private const int ReadOnlyNonBlocking = 0x800 | 0x100 | 0x80000; // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
    private const int PathOnly = 0x200000 | 0x80000; // O_PATH | O_CLOEXEC
    private const ulong ResolveNoMagicLinks = 0x02;
    private const ulong ResolveBeneath = 0x08;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 1;
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int AdviseSequential = 2;

    private const int NoEntry = 2;
    private const int NotADirectory = 20;
    private const int CrossDevice = 18;
    private const int NotImplemented = 38;
    private const int TooManyLinks = 40;

    /// <summary>The opened file and its real path, or the errno of a failed open (null handle).</summary>
    public static (SafeFileHandle? Handle, string? RealPath, string RealRoot, int Error) Open(string root, string name)
    {
        var rootFd = OpenAt(-100, root, PathOnly);
        if (rootFd < 0)
        {
            return (null, null, root, Marshal.GetLastPInvokeError());
        }
        try
        {
            var realRoot = RealPath(rootFd) ?? root;
            var how = new OpenHow { Flags = ReadOnlyNonBlocking, Resolve = ResolveBeneath | ResolveNoMagicLinks };
            var fd = (int)OpenAt2(SysOpenAt2, rootFd, name, ref how, (nuint)Marshal.SizeOf<OpenHow>());
            var error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (error is NotImplemented or CrossDevice)
            {
                // The real path of the opened handle is checked by the caller, so an absolute link inside still serves.
                fd = OpenAt(rootFd, name, ReadOnlyNonBlocking);
                error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            if (fd < 0)
            {
                return (null, null, realRoot, error is NotADirectory or TooManyLinks ? NoEntry : error);
            }
            var handle = new SafeFileHandle(fd, ownsHandle: true);
            // Served files are read front to back: the kernel's wider read-ahead, as FileOptions.SequentialScan asks.
            _ = Advise(fd, 0, 0, AdviseSequential);
            return (handle, IsRegular(fd) ? RealPath(fd) : null, realRoot, 0);
        }
        finally
        {
            Close(rootFd);
        }
    }

    private static bool IsRegular(int fd)
    {
        var buffer = new byte[256];
        return Statx(fd, "", AtEmptyPath, StatxType, buffer) == 0 && (BitConverter.ToUInt16(buffer, 28) & TypeMask) == RegularFile;
    }

    private static string? RealPath(int fd)
    {
        var buffer = new byte[4096];
        var length = ReadLink($"/proc/self/fd/{fd}", buffer, (nuint)buffer.Length);
        return length <= 0 || length >= buffer.Length ? null : Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long OpenAt2(long number, int directory, string path, ref OpenHow how, nuint size);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAt(int directory, string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLink(string path, byte[] buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Advise(int fd, long offset, long length, int advice);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
