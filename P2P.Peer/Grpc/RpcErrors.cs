using Grpc.Core;
using P2P.Peer.Files;
using P2P.Transfer.Storage;

namespace P2P.Peer.Grpc;

/// <summary>The transfer service's failures as <see cref="RpcException"/>s, each with the status code a caller can act on.</summary>
public static class RpcErrors
{
    public static RpcException InvalidArgument(string detail) => Create(StatusCode.InvalidArgument, detail);

    public static RpcException NotFound(string detail) => Create(StatusCode.NotFound, detail);

    public static RpcException PermissionDenied(string detail) => Create(StatusCode.PermissionDenied, detail);

    public static RpcException FailedPrecondition(string detail) => Create(StatusCode.FailedPrecondition, detail);

    public static RpcException OutOfRange(string detail) => Create(StatusCode.OutOfRange, detail);

    public static RpcException AlreadyExists(string detail) => Create(StatusCode.AlreadyExists, detail);

    public static RpcException ResourceExhausted(string detail) => Create(StatusCode.ResourceExhausted, detail);

    public static RpcException Unauthenticated(string detail) => Create(StatusCode.Unauthenticated, detail);

    public static RpcException Unavailable(string detail) => Create(StatusCode.Unavailable, detail);

    public static RpcException DeadlineExceeded(string detail) => Create(StatusCode.DeadlineExceeded, detail);

    public static RpcException NotShared(string name) => NotFound($"'{name}' is not shared by this peer.");

    /// <summary>Neither the shared copy nor a download under way here is version <paramref name="sha256"/> (already checked) of the file.</summary>
    public static RpcException NoCopy(string name, string sha256) =>
        NotFound($"This peer holds no copy of '{name}' with sha256 {sha256}, whole or in part.");

    public static RpcException ChangedSinceScan(string name) =>
        FailedPrecondition($"'{name}' changed since it was scanned; ask for its manifest again.");

    /// <summary>A failure of this peer's own disk: ResourceExhausted when it is full, FailedPrecondition when read-only, Internal otherwise.</summary>
    public static RpcException Storage(Exception exception, string action) =>
        StorageFailure.Describe(exception, action) is not { } plain ? Create(StatusCode.Internal, $"The peer could not {action}: {exception.Message}")
        : StorageFailure.IsDiskFull(exception) ? ResourceExhausted(plain)
        : FailedPrecondition(plain);

    private static RpcException Create(StatusCode code, string detail) => new(new(code, detail));
}
