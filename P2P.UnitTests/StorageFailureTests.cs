using Grpc.Core;
using P2P.Peer.Grpc;
using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

public sealed class StorageFailureTests
{
    // What .NET throws on Linux: the errno as the HResult (ENOSPC 28, EDQUOT 122, EROFS 30, EIO 5).
    private static readonly IOException s_noSpace = new("No space left on device : '/x/.p2p/staging/download-1.part'", 28);
    private static readonly IOException s_quota = new("Disk quota exceeded", 122);
    private static readonly IOException s_readOnly = new("Read-only file system : '/x/.p2p/staging'", 30);
    private static readonly IOException s_other = new("Input/output error", 5);

    [Fact]
    public void A_full_disk_or_quota_is_told_apart_and_said_in_plain_words_without_the_staging_path()
    {
        Assert.True(StorageFailure.IsDiskFull(s_noSpace));
        Assert.True(StorageFailure.IsDiskFull(s_quota));
        Assert.False(StorageFailure.IsReadOnly(s_noSpace));
        var plain = StorageFailure.Describe(s_noSpace, "save 'a.txt'");
        Assert.Equal("No space left on the peer's disk: could not save 'a.txt'.", plain);
    }

    [Fact]
    public void A_read_only_file_system_or_a_denied_write_counts_as_read_only()
    {
        Assert.True(StorageFailure.IsReadOnly(s_readOnly));
        Assert.True(StorageFailure.IsReadOnly(new UnauthorizedAccessException("Access to the path is denied.")));
        Assert.False(StorageFailure.IsDiskFull(s_readOnly));
        Assert.Contains("read-only", StorageFailure.Describe(s_readOnly, "save 'a.txt'"));
    }

    [Fact]
    public void Other_io_errors_are_neither()
    {
        Assert.Null(StorageFailure.Describe(s_other, "save 'a.txt'"));
        Assert.Null(StorageFailure.Describe(new InvalidOperationException("no"), "save 'a.txt'"));
    }

    [Fact]
    public void Upload_storage_failures_map_to_statuses_a_caller_can_act_on()
    {
        Assert.Equal(StatusCode.ResourceExhausted, RpcErrors.Storage(s_noSpace, "store 'a.txt'").StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, RpcErrors.Storage(s_readOnly, "store 'a.txt'").StatusCode);
        Assert.Equal(StatusCode.Internal, RpcErrors.Storage(s_other, "store 'a.txt'").StatusCode);
    }
}
