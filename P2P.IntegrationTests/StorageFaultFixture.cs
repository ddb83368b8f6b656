using System.Diagnostics;

namespace P2P.Tests.Integration;

/// <summary>
/// The network for <see cref="StorageFaultTests"/>: peer1 shares a tiny tmpfs (a disk that fills up) and peer2 a tmpfs
/// that tests remount read-only. Mounting needs root (or CAP_SYS_ADMIN); where it is refused, the disk-full tests skip
/// with the reason, and read-only falls back to <c>chmod</c>, which binds every user but root. Long debounce: the
/// watcher never rescans behind a test's back, tests rescan with <c>POST /refresh</c>; no settle time, so that rescan,
/// right after the test wrote its file, lists it.
/// </summary>
public sealed class StorageFaultFixture : AppHostFixture
{
    public const int FullDiskBytes = 3 * 1024 * 1024;
    public const string FullPeer = "peer1";
    public const string ReadOnlyPeer = "peer2";

    private readonly List<string> _mounts = [];

    /// <summary>Why a full disk cannot be simulated here, or null when it can.</summary>
    public string? DiskFullUnavailable { get; private set; }

    /// <summary>Why a read-only folder cannot be simulated here, or null when it can.</summary>
    public string? ReadOnlyUnavailable { get; private set; }

    protected override IEnumerable<string> ExtraArgs => ["--Peer:rescan_debounce_ms=60000", "--Peer:file_settle_ms=0"];

    /// <summary>Makes <see cref="ReadOnlyPeer"/>'s shared folder (with its state folder) read-only, or writable again.</summary>
    public void SetReadOnly(bool readOnly)
    {
        var dir = SharedDir(ReadOnlyPeer);
        if (_mounts.Contains(dir))
        {
            var (code, error) = Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", dir);
            Assert.True(code == 0, $"remount of {dir} failed: {error}");
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(ReadOnlyUnavailable);
        }
        var mode = readOnly
            ? UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        foreach (var folder in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Prepend(dir))
        {
            File.SetUnixFileMode(folder, mode);
        }
    }

    protected override void PrepareSharedFolders()
    {
        DiskFullUnavailable = TryMount(SharedDir(FullPeer), FullDiskBytes);
        var readOnlyMount = TryMount(SharedDir(ReadOnlyPeer), 64 * 1024 * 1024);
        ReadOnlyUnavailable = readOnlyMount is null ? null
            : OperatingSystem.IsWindows() ? "read-only folders are simulated with tmpfs or chmod, neither of which Windows has"
            : Environment.IsPrivilegedProcess ? $"running as root, where chmod does not stop writes, and tmpfs cannot be mounted: {readOnlyMount}"
            : null;
    }

    protected override void ReleaseSharedFolders()
    {
        foreach (var dir in _mounts)
        {
            Run("umount", "--lazy", dir);
        }
    }

    private string? TryMount(string dir, int bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs mounts need Linux";
        }
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", dir);
        if (code != 0)
        {
            return $"mount -t tmpfs failed ({code}): {error.Trim()}";
        }
        _mounts.Add(dir);
        return null;
    }

    private static (int Code, string Error) Run(string command, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return (-1, $"{command} did not finish within 10 s");
            }
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{command}: {e.Message}");
        }
    }
}
