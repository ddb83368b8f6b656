using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using P2P.Transfer.Buffers;

namespace P2P.Transfer.Storage;

/// <summary>
/// Direct I/O on Linux (<c>O_DIRECT</c>): writes go from our buffers to the disk without first being copied into the
/// page cache. That copy was the largest single CPU cost of a download (bench/results.md), and a download's bytes are
/// not read again soon. Elsewhere, or when the file system refuses it,
/// files stay buffered and nothing else changes.
/// </summary>
internal static class DirectIo
{
    /// <summary>Offsets, lengths and buffer addresses of direct writes are multiples of this (the page size).</summary>
    public const int Alignment = ChunkBuffer.Alignment;

    private const int GetStatusFlags = 3;
    private const int SetStatusFlags = 4;

    /// <summary>The errno of a direct write the file system does not support after all.</summary>
    public const int InvalidArgument = 22;

    /// <summary>Switches an open handle to direct I/O; false when the platform or the file system does not allow it.</summary>
    public static bool TryEnable(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux() || DirectFlag() is not { } direct)
        {
            return false;
        }
        var fd = (int)handle.DangerousGetHandle();
        var flags = Fcntl(fd, GetStatusFlags, 0);
        return flags >= 0 && Fcntl(fd, SetStatusFlags, flags | direct) == 0;
    }

    public static bool IsAligned(long offset, int length) => offset % Alignment == 0 && length % Alignment == 0;

    // O_DIRECT's value differs between architectures.
    private static int? DirectFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => null,
    };

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);
}
