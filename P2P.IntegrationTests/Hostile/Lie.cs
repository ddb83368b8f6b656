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

    /// <summary>Announces every chunk on <c>Watch</c>, then answers NOT_FOUND when asked for one.</summary>
    ClaimsChunksThenNotFound,

    /// <summary>Announces every chunk on <c>Watch</c>, then sends them with a byte flipped.</summary>
    ClaimsChunksThenGarbage,

    /// <summary>Announces on <c>Watch</c> a chunk one past the file's last.</summary>
    HaveOutsideFile,

    /// <summary>A <c>Watch</c> bitfield one byte longer than the file's chunks need.</summary>
    BitfieldOfWrongLength,

    /// <summary>A first <c>Watch</c> message that announces a chunk without a bitfield.</summary>
    FirstMessageWithoutBitfield,

    /// <summary>The true manifest when asked for its copy, garbage chunk hashes when asked for the version by its sha256.</summary>
    GarbageManifestForVersion,

    /// <summary>Announces every chunk on <c>Watch</c>, then answers every <c>Fetch</c> RESOURCE_EXHAUSTED (busy): no lie, a full peer.</summary>
    AlwaysBusy,
}
