using System.Net.Http.Json;
using System.Security.Cryptography;
using P2P.Contracts;
using P2P.Contracts.Maestro;

namespace P2P.Tests.Integration;

/// <summary>Puts files in the running peers' shared folders and waits until the Maestro lists them; hashes files on disk.</summary>
public static class NetworkFiles
{
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);

    /// <summary>Shares fresh random bytes under a fresh name on each of <paramref name="peers"/> (e.g. "peer3").</summary>
    public static async Task<(string Name, string Sha256)> ShareRandomFileAsync(this AppHostFixture network, int size, params string[] peers)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        return (await network.ShareAsync(bytes, peers), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>
    /// Shares <paramref name="bytes"/> under a fresh name on each of <paramref name="peers"/>; returns the name once the
    /// Maestro lists them all with these bytes' SHA-256. Not just listed: a peer may scan a file while it is still being
    /// written and register that partial version first, and a download would then find it holding another version.
    /// </summary>
    public static async Task<string> ShareAsync(this AppHostFixture network, byte[] bytes, params string[] peers)
    {
        var name = $"random-{Guid.NewGuid():N}.bin";
        foreach (var peer in peers)
        {
            await File.WriteAllBytesAsync(Path.Combine(network.SharedDir(peer), name), bytes, TestContext.Current.CancellationToken);
        }
        await network.WaitUntilLocatableAsync(name, peers.Select(p => "P" + p[^1]), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        return name;
    }

    /// <summary>
    /// Waits until the Maestro's <c>/locate</c> lists every one of <paramref name="ids"/> (e.g. "P3") for
    /// <paramref name="name"/>, each with <paramref name="sha256"/> when it is given.
    /// </summary>
    public static async Task WaitUntilLocatableAsync(this AppHostFixture network, string name, IEnumerable<string> ids, string? sha256 = null)
    {
        using var maestro = network.Client("maestro");
        await maestro.WaitUntilLocatableAsync(name, ids, sha256);
    }

    /// <summary>The same, asking the Maestro at <paramref name="maestro"/>'s base address.</summary>
    public static async Task WaitUntilLocatableAsync(this HttpClient maestro, string name, IEnumerable<string> ids, string? sha256 = null)
    {
        var expected = ids.ToList();
        await Eventually.ReturnsAsync(
            async ct =>
            {
                using var response = await maestro.GetAsync($"/locate?file={name}", ct);
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<LocateResponse>(SnakeCaseJson.Options, ct) : null;
            },
            located => located is not null && expected.All(id => located.Peers.Any(p => p.Id == id && (sha256 is null || p.Sha256 == sha256))),
            s_within, $"{name} registered by {string.Join(",", expected)}" + (sha256 is null ? "" : $" with sha256 {sha256}"));
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
