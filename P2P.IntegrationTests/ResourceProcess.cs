using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace P2P.Tests.Integration;

/// <summary>
/// Kills a running service the hard way (SIGKILL: no shutdown hooks, no deregistration), as a crash or a pulled plug
/// would. The orchestrator reports the process it launched (<c>executable.pid</c>), which may be a <c>dotnet run</c>
/// wrapper; the service is the process in that tree running the project's own assembly for this resource.
/// </summary>
public static class ResourceProcess
{
    private const string PidProperty = "executable.pid";

    /// <summary>Kills the service process of <paramref name="resource"/> and waits until the orchestrator sees it gone; returns its pid.</summary>
    public static async Task<int> KillAsync(this DistributedApplication app, string resource, TimeSpan within)
    {
        var pid = await ServicePidAsync(app, resource, within);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(within, TestContext.Current.CancellationToken);
        }
        return pid;
    }

    /// <summary>Starts a killed resource again and waits (as long as a first start may take) until it is healthy.</summary>
    public static async Task RestartKilledAsync(this AppHostFixture network, string resource)
    {
        var within = AppHostFixture.StartTimeout;
        var token = TestContext.Current.CancellationToken;
        await network.App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text != KnownResourceStates.Running, token)
            .WaitAsync(within, token);
        await network.StartAsync(resource, within);
    }

    /// <summary>The pid of the process that runs the resource's project assembly, checked by its command line and service name.</summary>
    public static async Task<int> ServicePidAsync(DistributedApplication app, string resource, TimeSpan within)
    {
        var token = TestContext.Current.CancellationToken;
        var running = await app.ResourceNotifications
            .WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running && LaunchedPid(e.Snapshot) is not null, token)
            .WaitAsync(within, token);
        var launched = LaunchedPid(running.Snapshot)!.Value;
        var assembly = Path.GetFileNameWithoutExtension(((ProjectResource)running.Resource).GetProjectMetadata().ProjectPath);

        var service = Descendants(launched).Prepend(launched)
            .Where(pid => RunsAssembly(pid, assembly) && Environment(pid).Contains($"OTEL_SERVICE_NAME={resource}"))
            .ToList();
        Assert.True(service.Count == 1, $"{resource}: expected one process running {assembly} under pid {launched}, found [{string.Join(", ", service)}]");
        return service[0];
    }

    private static int? LaunchedPid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, out var pid) => pid,
            _ => null,
        };

    /// <summary>True for the service itself (<c>…/P2P.Peer</c> or <c>dotnet …/P2P.Peer.dll</c>), false for <c>dotnet run</c> and the build tools.</summary>
    private static bool RunsAssembly(int pid, string assembly)
    {
        var args = CommandLine(pid);
        return args.Length > 0
            && (Path.GetFileName(args[0]) == assembly || args.Skip(1).Take(1).Any(a => Path.GetFileName(a) == assembly + ".dll"));
    }

    private static string[] CommandLine(int pid) =>
        ReadProc(pid, "cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private static HashSet<string> Environment(int pid) =>
        [.. ReadProc(pid, "environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)];

    private static IEnumerable<int> Descendants(int root)
    {
        var children = System.IO.Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Select(pid => (Pid: pid, Parent: ParentOf(pid)))
            .ToLookup(p => p.Parent, p => p.Pid);
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var pid))
        {
            foreach (var child in children[pid])
            {
                yield return child;
                pending.Enqueue(child);
            }
        }
    }

    private static int ParentOf(int pid)
    {
        // /proc/<pid>/stat is "pid (comm) state ppid …", and comm may itself hold spaces or parentheses.
        var stat = ReadProc(pid, "stat");
        if (stat.LastIndexOf(')') is var end && end < 0)
        {
            return 0;
        }
        var fields = stat[(end + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : 0;
    }

    private static string ReadProc(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while the tree was read.
            return "";
        }
    }
}
