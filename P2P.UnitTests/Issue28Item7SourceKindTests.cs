using System.Text.Json;
using Grpc.Net.Client;
using P2P.Contracts;
using P2P.Contracts.Transfer.V1;
using P2P.Transfer.Sources;

namespace P2P.Tests.Unit;

/// <summary>Issue 28 item 7: a download's status says of each source whether it holds the whole file or part of it.</summary>
public sealed class Issue28Item7SourceKindTests
{
    /// <summary>Never called: a status is read without the network.</summary>
    private static readonly FileTransfer.FileTransferClient s_client = new(GrpcChannel.ForAddress("https://p3.test:50053"));

    [Theory]
    [InlineData(false, null, SourceKind.Complete)]
    [InlineData(true, null, SourceKind.Partial)]
    [InlineData(true, true, SourceKind.Complete)]
    [InlineData(false, false, SourceKind.Partial)]
    public void The_kind_is_what_the_source_announced_else_what_the_directory_said(bool listedPartial, bool? announcedComplete, SourceKind kind)
    {
        var source = new DownloadSource(new SourceAddress("P3", "https://p3:50053", Partial: listedPartial), s_client);
        if (announcedComplete is { } complete)
        {
            source.Announced(complete);
        }

        Assert.Equal(kind, source.ToStatus().Kind);
    }

    [Fact]
    public void The_REST_API_writes_a_partial_source_as_kind_partial_beside_its_bytes()
    {
        var source = new DownloadSource(new SourceAddress("P3", "https://p3:50053"), s_client);
        source.Announced(complete: false);
        source.Health.Delivered(1024);

        var json = JsonSerializer.Serialize(source.ToStatus(), SnakeCaseJson.Options);

        Assert.Contains("\"bytes\":1024,", json);
        Assert.EndsWith("\"kind\":\"partial\"}", json);
    }
}
