namespace P2P.Peer.Files;

/// <summary>A shared name whose real file is not a regular file inside the shared folder, or lies in its state folder.</summary>
public sealed class NotServableException(string name)
    : UnauthorizedAccessException(
        $"'{name}' is not served: it is a link that leads outside the shared folder or into its state folder, or not a regular file.");
