using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// Several hosts on this one machine: a network namespace per host, each linked by a veth pair to a bridge that lives
/// in a namespace of its own, addresses in a /24 of 10.77.0.0/16 and no default route anywhere, so a host whose link
/// is down is unreachable rather than reached some other way. The test process is the driver: the root namespace gets
/// one veth into the bridge and an address in the /24, whose on-link route carries the driver's calls to the hosts
/// (.NET cannot put one socket in another namespace); its default route is never consulted for them. Disposing it, or
/// the test process exiting, kills every service it started and deletes its namespaces; a later run deletes what a
/// killed run left.
/// </summary>
public sealed class HostNetwork : IAsyncDisposable
{
    private const string Prefix = "p2p-";
    private static readonly ConcurrentDictionary<HostNetwork, byte> s_live = new();
    private static readonly Lazy<Task<string?>> s_unavailable = new(ProbeAsync);
    private static int s_count;

    private readonly string _name;
    private readonly string _bridge;
    private readonly TempFolder _folder = new();
    private readonly List<NetworkHost> _hosts = [];
    private int _tornDown;

    static HostNetwork()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var network in s_live.Keys)
            {
                network.TearDown();
            }
        };
    }

    private HostNetwork(string name, IPAddress driverAddress)
    {
        _name = name;
        _bridge = name + "-br";
        DriverAddress = driverAddress;
    }

    public IReadOnlyList<NetworkHost> Hosts => _hosts;

    /// <summary>Records every frame crossing the bridge, whichever hosts (and the driver) send it, into <paramref name="path"/>.</summary>
    public Task<PacketCapture> CaptureAsync(string path, CancellationToken cancellationToken) =>
        PacketCapture.StartAsync(_bridge, "br0", path, cancellationToken);

    /// <summary>The test process's own address on the hosts' network.</summary>
    public IPAddress DriverAddress { get; }

    /// <summary>This network's key, given to every service through <c>P2P_NETWORK_KEY</c>.</summary>
    public string NetworkKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Every service's control token, given through <c>P2P_CONTROL_TOKEN</c>.</summary>
    public string ControlToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// Builds <paramref name="hosts"/> hosts, with each uplink capped at <paramref name="uplinkRate"/> (a <c>tc</c> rate such
    /// as <c>800mbit</c>) when given. Skips the test when this process is not root or has no <c>ip netns</c>.
    /// </summary>
    public static async Task<HostNetwork> CreateAsync(int hosts, CancellationToken cancellationToken, string? uplinkRate = null)
    {
        if (await s_unavailable.Value is { } reason)
        {
            Assert.Skip(reason);
        }
        var subnet = await FreeSubnetAsync(cancellationToken);
        var network = new HostNetwork($"{Prefix}{Environment.ProcessId}-{Interlocked.Increment(ref s_count)}", IPAddress.Parse($"{subnet}.1"));
        s_live[network] = 0;
        try
        {
            await network.BuildAsync(hosts, subnet, uplinkRate, cancellationToken);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        TearDown();
        return ValueTask.CompletedTask;
    }

    private async Task BuildAsync(int count, string subnet, string? uplinkRate, CancellationToken cancellationToken)
    {
        await Ip(["netns", "add", _bridge], cancellationToken);
        await Ip(["-n", _bridge, "link", "add", "br0", "type", "bridge"], cancellationToken);
        await Ip(["-n", _bridge, "link", "set", "br0", "up"], cancellationToken);

        // The driver's veth: its name is unique in the root namespace, where other runs have theirs.
        var driverLink = "p2p" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        await Ip(["link", "add", driverLink, "type", "veth", "peer", "name", "driver", "netns", _bridge], cancellationToken);
        await Ip(["-n", _bridge, "link", "set", "driver", "master", "br0", "up"], cancellationToken);
        await Ip(["addr", "add", $"{DriverAddress}/24", "dev", driverLink], cancellationToken);
        await Ip(["link", "set", driverLink, "up"], cancellationToken);

        for (var i = 0; i < count; i++)
        {
            var host = new NetworkHost($"h{i}", $"{_name}-h{i}", IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"{subnet}.{10 + i}")),
                Path.Combine(_folder.Path, $"h{i}"), NetworkKey, ControlToken);
            _hosts.Add(host);
            await Ip(["netns", "add", host.Namespace], cancellationToken);
            await Ip(["link", "add", NetworkHost.Link, "netns", host.Namespace, "type", "veth", "peer", "name", host.Name, "netns", _bridge], cancellationToken);
            await Ip(["-n", host.Namespace, "addr", "add", $"{host.Address}/24", "dev", NetworkHost.Link], cancellationToken);
            await Ip(["-n", host.Namespace, "link", "set", "lo", "up"], cancellationToken);
            await Ip(["-n", host.Namespace, "link", "set", NetworkHost.Link, "up"], cancellationToken);
            await Ip(["-n", _bridge, "link", "set", host.Name, "master", "br0", "up"], cancellationToken);
            if (uplinkRate is not null)
            {
                await SystemCommand.RunAsync("tc", ["-n", host.Namespace, "qdisc", "add", "dev", NetworkHost.Link, "root", "tbf",
                    "rate", uplinkRate, "burst", "2mb", "latency", "100ms"], cancellationToken);
            }
        }
    }

    private void TearDown()
    {
        if (Interlocked.Exchange(ref _tornDown, 1) == 1)
        {
            return;
        }
        foreach (var host in _hosts)
        {
            host.StopEverything();
            SystemCommand.TryRun("ip", "netns", "del", host.Namespace);
        }
        // The driver's veth goes with its peer, inside the bridge's namespace.
        SystemCommand.TryRun("ip", "netns", "del", _bridge);
        _folder.Dispose();
        s_live.TryRemove(this, out _);
    }

    private static Task<string> Ip(string[] arguments, CancellationToken cancellationToken) =>
        SystemCommand.RunAsync("ip", arguments, cancellationToken);

    /// <summary>A /24 of 10.77.0.0/16 that no interface of the root namespace uses (another run may be using one).</summary>
    private static async Task<string> FreeSubnetAsync(CancellationToken cancellationToken)
    {
        var routes = await SystemCommand.RunAsync("ip", ["-4", "route", "show", "table", "all"], cancellationToken);
        var free = Enumerable.Range(1, 254).Select(n => $"10.77.{n}").Where(s => !routes.Contains(s + ".", StringComparison.Ordinal)).ToList();
        return free.Count > 0 ? free[Random.Shared.Next(free.Count)] : throw new InvalidOperationException("Every /24 of 10.77.0.0/16 is in use.");
    }

    /// <summary>Why hosts cannot be built here, or null; also deletes what runs killed before their tear-down left behind.</summary>
    private static async Task<string?> ProbeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "Several hosts need root: network namespaces, veth pairs and a bridge (run as root, as CI does).";
        }
        var probe = $"{Prefix}{Environment.ProcessId}-probe";
        try
        {
            await SystemCommand.RunAsync("ip", ["netns", "add", probe], CancellationToken.None);
            await SystemCommand.RunAsync("ip", ["netns", "del", probe], CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"Several hosts need 'ip netns' (iproute2) and network namespaces: {e.Message}";
        }
        await DeleteLeftoversAsync();
        return null;
    }

    private static async Task DeleteLeftoversAsync()
    {
        var names = await SystemCommand.RunAsync("ip", ["netns", "list"], CancellationToken.None);
        foreach (var netns in names.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]))
        {
            var owner = netns.StartsWith(Prefix, StringComparison.Ordinal) ? netns[Prefix.Length..].Split('-')[0] : null;
            if (owner is null || !int.TryParse(owner, CultureInfo.InvariantCulture, out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }
            var pids = await SystemCommand.RunAsync("ip", ["netns", "pids", netns], CancellationToken.None);
            foreach (var leftover in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                SystemCommand.TryRun("kill", "-KILL", leftover.Trim());
            }
            SystemCommand.TryRun("ip", "netns", "del", netns);
        }
    }
}
