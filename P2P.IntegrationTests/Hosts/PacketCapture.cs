using System.Diagnostics;
using System.Globalization;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// <c>tcpdump</c> writing every packet on one device, whole (<c>-s 0</c>), to a pcap file, as anyone able to watch a
/// link would record it. Skips the test when <c>tcpdump</c> is not installed (<c>.ci/run</c> installs it as root).
/// </summary>
public sealed class PacketCapture : IAsyncDisposable
{
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _path;

    private PacketCapture(Process process, string path)
    {
        _process = process;
        _path = path;
    }

    public static async Task<PacketCapture> StartAsync(string netns, string device, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/bin/tcpdump") && !File.Exists("/usr/sbin/tcpdump"))
        {
            Assert.Skip("The capture tests need tcpdump (apt-get install -y tcpdump; .ci/run installs it when run as root).");
        }
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", netns, "tcpdump", "-i", device, "-s", "0", "-U", "-n", "-w", path })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("tcpdump did not start.");
        var capture = new PacketCapture(process, path);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(s_startLimit);
        // tcpdump says so on stderr once its filter is attached: packets before that line would be missed.
        while (await process.StandardError.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                return capture;
            }
        }
        await capture.DisposeAsync();
        throw new InvalidOperationException($"tcpdump exited with {process.ExitCode} before it listened on {device}.");
    }

    /// <summary>Stops the capture as Ctrl-C would (tcpdump then flushes the file) and returns the file's bytes.</summary>
    public async Task<byte[]> StopAsync(CancellationToken cancellationToken)
    {
        await SystemCommand.RunAsync("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(s_startLimit, cancellationToken);
        return await File.ReadAllBytesAsync(_path, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
