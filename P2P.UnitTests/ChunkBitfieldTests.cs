using P2P.Transfer.Swarm;

namespace P2P.Tests.Unit;

public sealed class ChunkBitfieldTests
{
    [Fact]
    public void The_wire_form_is_BitTorrents_most_significant_bit_first()
    {
        var held = new ChunkBitfield(10);
        held.Add(0);
        held.Add(9);

        Assert.Equal(new byte[] { 0x80, 0x40 }, held.ToWire());
        Assert.Equal(2, held.Count);
        Assert.False(held.Add(9));
        Assert.False(held.Has(10));
        Assert.False(held.Has(-1));
    }

    [Fact]
    public void A_bitfield_reads_back_as_it_was_written()
    {
        var full = ChunkBitfield.Full(13);

        Assert.Null(ChunkBitfield.Parse(full.ToWire(), 13, out var read));

        Assert.True(read.IsComplete);
        Assert.All(Enumerable.Range(0, 13), chunk => Assert.True(read.Has(chunk)));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, "1 bytes where 2 are due")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0x00 }, "3 bytes where 2 are due")]
    [InlineData(new byte[] { 0x00, 0x20 }, "bits past the last chunk")]
    public void A_lying_bitfield_is_refused_with_the_reason(byte[] wire, string reason)
    {
        Assert.Contains(reason, ChunkBitfield.Parse(wire, 10, out _));
    }

    [Fact]
    public void Adding_a_chunk_outside_the_version_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkBitfield(4).Add(4));
    }
}
