using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using P2P.Contracts.Security;

namespace P2P.Cli.Network;

/// <summary>
/// Reads the running AppHost's <see cref="LocalRun"/> from the user's state folder, trusting it only if it is a regular
/// file of this user's, readable by no one else (0600), small, well-formed and from a process still running.
/// </summary>
public static partial class LocalRunFile
{
    private const int AtEmptyPath = 0x1000;
    private const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int PermissionBits = 0x1FF;
    private const int OwnerReadWrite = 0x180;

    /// <summary>The run described at <paramref name="path"/>; null when there is none; a <see cref="CliException"/> when it cannot be trusted.</summary>
    public static LocalRun? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        byte[] content;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            CheckOwnerOnly(handle, path);
            var length = RandomAccess.GetLength(handle);
            if (length > LocalRun.MaxBytes)
            {
                throw Refused(path, $"it is over {LocalRun.MaxBytes} bytes");
            }
            content = new byte[length];
            var read = RandomAccess.Read(handle, content, 0);
            content = content[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused(path, e.Message);
        }
        var (run, error) = LocalRun.Parse(content);
        if (run is null)
        {
            throw Refused(path, error!);
        }
        return IsRunning(run.ProcessId) ? run : throw new CliException(ExitCodes.Unauthenticated,
            $"The AppHost that wrote {path} has stopped (process {run.ProcessId}): start it again, or give the network key with --key-file PATH.");
    }

    private static void CheckOwnerOnly(SafeFileHandle handle, string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(handle) & (UnixFileMode)PermissionBits) != (UnixFileMode)OwnerReadWrite)
            {
                throw Refused(path, "its permissions are not 0600");
            }
            return;
        }
        var buffer = new byte[256];
        if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxTypeModeUid, buffer) != 0)
        {
            throw Refused(path, $"its owner cannot be read (errno {Marshal.GetLastPInvokeError()})");
        }
        var uid = BitConverter.ToUInt32(buffer, 20);
        var mode = BitConverter.ToUInt16(buffer, 28);
        if ((mode & TypeMask) != RegularFile)
        {
            throw Refused(path, "it is not a regular file");
        }
        if (uid != GetEffectiveUserId())
        {
            throw Refused(path, $"it belongs to user {uid}, not to you");
        }
        if ((mode & PermissionBits) != OwnerReadWrite)
        {
            throw Refused(path, $"its permissions are {Convert.ToString(mode & PermissionBits, 8)}, not 600 (chmod 600 it, or remove it)");
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static CliException Refused(string path, string why) =>
        new(ExitCodes.Unauthenticated, $"The AppHost's run file {path} is not used: {why}.");

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
