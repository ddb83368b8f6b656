using P2P.Connections;

namespace P2P.Peer.Maestro;

/// <summary>
/// The certificates this peer accepts from each of its Maestros: <c>maestro_fingerprint</c>, or the first that proves the
/// key at that URL, each Maestro having its own identity.
/// </summary>
public sealed class MaestroPin(string? expected, int maestros)
{
    private readonly ServerPin[] _pins = [.. Enumerable.Range(0, maestros).Select(_ => new ServerPin(expected))];

    /// <summary>The pin of the first Maestro, the one the peer prefers.</summary>
    public ServerPin Pin => _pins[0];

    public ServerPin For(int maestro) => _pins[maestro];
}
