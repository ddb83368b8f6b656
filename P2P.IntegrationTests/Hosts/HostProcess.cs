using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// A Maestro or a peer running on a host: <c>ip netns exec NS dotnet SERVICE.dll --config FILE</c>. <c>ip netns exec</c>
/// replaces itself with the command, so the process is the service and a signal reaches it directly.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private HostProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the service wrote, for a failure's message and for log assertions.</summary>
    public string Output => string.Join('\n', _lines);

    public static HostProcess Start(string netns, string project, string configPath, string name, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", netns, "dotnet", ServiceAssembly.Path(project), "--config", configPath })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var running = new HostProcess(process, name);
        process.OutputDataReceived += (_, e) => running.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => running.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>SIGKILL: no shutdown, no deregistration, no goodbye to anyone it was serving.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, as a service manager stops it: the service shuts down cleanly (a peer deregisters) and exits.</summary>
    public async Task StopAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return;
        }
        SystemCommand.TryRun("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(within, cancellationToken);
        }
        catch (TimeoutException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not stop within {within.TotalSeconds} s of SIGTERM; killed. Its output:\n{Output}");
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        while (_lines.Count > KeptLines)
        {
            _lines.TryDequeue(out _);
        }
    }
}
