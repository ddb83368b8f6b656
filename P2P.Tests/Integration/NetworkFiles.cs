using System.Security.Cryptography;

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

    /// <summary>Shares <paramref name="bytes"/> under a fresh name on each of <paramref name="peers"/>; returns the name once the Maestro has them all.</summary>
    public static async Task<string> ShareAsync(this AppHostFixture network, byte[] bytes, params string[] peers)
    {
        var name = $"random-{Guid.NewGuid():N}.bin";
        foreach (var peer in peers)
        {
            await File.WriteAllBytesAsync(Path.Combine(network.SharedDir(peer), name), bytes, TestContext.Current.CancellationToken);
        }
        await network.WaitUntilLocatableAsync(name, peers.Select(p => "P" + p[^1]));
        return name;
    }

    /// <summary>Waits until the Maestro's <c>/locate</c> lists every one of <paramref name="ids"/> (e.g. "P3") for <paramref name="name"/>.</summary>
    public static async Task WaitUntilLocatableAsync(this AppHostFixture network, string name, IEnumerable<string> ids)
    {
        using var maestro = network.Client("maestro");
        var expected = ids.ToList();
        await Eventually.ReturnsAsync(
            async ct =>
            {
                using var response = await maestro.GetAsync($"/locate?file={name}", ct);
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : "";
            },
            body => expected.All(id => body.Contains($"\"{id}\"")), s_within, $"{name} registered by {string.Join(",", expected)}");
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
