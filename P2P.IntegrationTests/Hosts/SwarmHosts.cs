using System.Security.Cryptography;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// The hosts the swarm tests share: the Maestro on host 0, the seed S on host 1 sharing every test's file, leechers
/// L1–L6 on hosts 2–7 and a late leecher on host 8, every uplink capped at <see cref="Uplink"/> (tbf), all swarming.
/// </summary>
public sealed class SwarmHosts : IAsyncLifetime
{
    public const string Uplink = "64mbit";
    public const string SeedId = "S";
    public const string CrowdFile = "crowd.bin";
    public const string KillFile = "kill.bin";
    public const int Leechers = 6;
    private const int MiB = 1024 * 1024;

    private HostNetwork? _network;

    public byte[] Crowd { get; } = RandomNumberGenerator.GetBytes(64 * MiB);

    public byte[] Kill { get; } = RandomNumberGenerator.GetBytes(32 * MiB + 777);

    public NetworkHost Maestro => Network.Hosts[0];

    public NetworkHost Seed => Network.Hosts[1];

    /// <summary>Leecher i (0-based) runs on host i + 2 as L(i + 1).</summary>
    public IReadOnlyList<NetworkHost> LeecherHosts => Network.Hosts.Skip(2).Take(Leechers).ToList();

    public NetworkHost LateHost => Network.Hosts[2 + Leechers];

    public HostProcess[] LeecherProcesses { get; private set; } = [];

    public HostNetwork Network => _network ?? throw new InvalidOperationException("The swarm's hosts are not built.");

    public static string LeecherId(int index) => $"L{index + 1}";

    public async ValueTask InitializeAsync()
    {
        var token = TestContext.Current.CancellationToken;
        _network = await HostNetwork.CreateAsync(3 + Leechers, token, Uplink);
        await Maestro.StartMaestroAsync(SoftState.Maestro(), token);
        await Seed.ShareAsync(CrowdFile, Crowd, token);
        await Seed.ShareAsync(KillFile, Kill, token);
        await Seed.StartPeerAsync(SeedId, Maestro, SoftState.Peer(), token);
        LeecherProcesses = await Task.WhenAll(LeecherHosts.Select((h, i) => StartLeecherAsync(h, LeecherId(i))));
        await StartLeecherAsync(LateHost, "LATE");
        await Maestro.Http(NetworkHost.MaestroPort).WaitUntilLocatableAsync(KillFile, [SeedId]);
    }

    /// <summary>Starts (or, after a kill, starts again) a leecher from its host's config.json.</summary>
    public Task<HostProcess> StartLeecherAsync(NetworkHost host, string id) =>
        host.StartPeerAsync(id, Maestro, SoftState.Peer(new Dictionary<string, object> { ["swarming"] = true }), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }
}
