namespace P2P.Tests.Integration.Hostile;

/// <summary>What a <see cref="LyingSourcePeer"/> lies about. Each names one way a remote source can misbehave.</summary>
public enum Lie
{
    /// <summary>A 64-character sha256 made of <c>/</c>, <c>.</c> and <c>../../../../pwnedx</c>: a path, were it trusted.</summary>
    PathLikeSha256,

    /// <summary>A sha256 of 64 characters that are not lower-case hex.</summary>
    NonHexSha256,

    /// <summary>The manifest describes another file than the one asked for.</summary>
    OtherFileName,

    /// <summary>One chunk hash fewer than the size needs.</summary>
    WrongChunkCount,

    /// <summary>A chunk hash of 31 bytes.</summary>
    ShortChunkHash,

    /// <summary>A size of a pebibyte.</summary>
    HugeSize,

    /// <summary>A chunk size that is not the protocol's (64 KiB, with the hashes to match).</summary>
    ChunkSizeOutOfProtocol,

    /// <summary>A gRPC frame whose length prefix declares 2 GiB and carries ten bytes.</summary>
    OversizedFrame,

    /// <summary>A chunk message whose data field declares 1 GiB and carries ten bytes.</summary>
    OversizedField,

    /// <summary>Chunks with a byte flipped.</summary>
    WrongBytes,

    /// <summary>Bytes at an offset other than the one asked for.</summary>
    BytesOutsideRange,

    /// <summary>The connection is reset in the middle of a call, after half a message of the first chunk asked.</summary>
    ConnectionReset,

    /// <summary>Half a message of the first chunk asked, then nothing, with the call left open.</summary>
    Stall,

    /// <summary>A byte at a time, with a pause between each.</summary>
    Drip,

    /// <summary>Messages with no data, as fast as they go.</summary>
    EmptyMessages,

    /// <summary>The true manifest on the first call, another version's after it, whose bytes it then serves.</summary>
    ManifestChangesBetweenCalls,
}
