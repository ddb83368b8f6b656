namespace P2P.Contracts.Remote;

/// <summary>An entry that names another node's addresses: where this node will connect, so where they point is judged too.</summary>
public interface IRemoteNodeEntry : IRemoteEntry
{
    string RestUrl { get; }

    string GrpcUrl { get; }
}
