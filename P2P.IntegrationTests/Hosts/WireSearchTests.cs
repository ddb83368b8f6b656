using System.Security.Cryptography;
using P2P.Tests.Integration.Hosts;

namespace P2P.Tests.Integration.Hosts;

/// <summary>The capture tests' search must find a leak wherever it lies, or their passing means nothing.</summary>
public sealed class WireSearchTests
{
    private readonly byte[] _file = RandomNumberGenerator.GetBytes(10_000);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_321)]
    [InlineData(10_000 - WireSearch.Run)]
    public void A_run_of_the_file_is_found_at_any_offset_of_either(int from)
    {
        var wire = RandomNumberGenerator.GetBytes(5_000).Concat(_file.Skip(from).Take(WireSearch.Run)).Concat(RandomNumberGenerator.GetBytes(777)).ToArray();

        Assert.Equal(5_000, WireSearch.FindRunOf(wire, _file));
    }

    [Fact]
    public void A_shorter_run_or_unrelated_bytes_are_not_a_leak()
    {
        var wire = RandomNumberGenerator.GetBytes(5_000).Concat(_file.Skip(100).Take(WireSearch.Run - 1)).ToArray();

        Assert.Equal(-1, WireSearch.FindRunOf(wire, _file));
        Assert.False(WireSearch.Contains(wire, "the-network-key"));
    }
}
