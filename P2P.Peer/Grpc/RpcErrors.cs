using Grpc.Core;

namespace P2P.Peer.Grpc;

/// <summary>The transfer service's failures as <see cref="RpcException"/>s, each with the status code a caller can act on.</summary>
public static class RpcErrors
{
    // ENOSPC and EDQUOT on Linux (.NET reports the errno), ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
    private static readonly HashSet<int> s_diskFull = [28, 122, unchecked((int)0x80070027), unchecked((int)0x80070070)];

    public static RpcException InvalidArgument(string detail) => Create(StatusCode.InvalidArgument, detail);

    public static RpcException NotFound(string detail) => Create(StatusCode.NotFound, detail);

    public static RpcException FailedPrecondition(string detail) => Create(StatusCode.FailedPrecondition, detail);

    public static RpcException OutOfRange(string detail) => Create(StatusCode.OutOfRange, detail);

    public static RpcException AlreadyExists(string detail) => Create(StatusCode.AlreadyExists, detail);

    public static RpcException ResourceExhausted(string detail) => Create(StatusCode.ResourceExhausted, detail);

    public static RpcException Unauthenticated(string detail) => Create(StatusCode.Unauthenticated, detail);

    public static RpcException Unavailable(string detail) => Create(StatusCode.Unavailable, detail);

    public static RpcException NotShared(string name) => NotFound($"'{name}' is not shared by this peer.");

    public static RpcException ChangedSinceScan(string name) =>
        FailedPrecondition($"'{name}' changed since it was scanned; ask for its manifest again.");

    /// <summary>A failure of this peer's own disk: ResourceExhausted when it is full, Internal otherwise.</summary>
    public static RpcException Storage(Exception exception, string action) =>
        exception is IOException { HResult: var code } && s_diskFull.Contains(code)
            ? ResourceExhausted($"The peer's disk is full; could not {action}: {exception.Message}")
            : Create(StatusCode.Internal, $"The peer could not {action}: {exception.Message}");

    private static RpcException Create(StatusCode code, string detail) => new(new(code, detail));
}
