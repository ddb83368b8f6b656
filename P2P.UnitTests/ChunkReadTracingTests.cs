using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Instrumentation.GrpcNetClient;
using OpenTelemetry.Instrumentation.Http;
using P2P.Peer.Grpc;

namespace P2P.Tests.Unit;

public sealed class ChunkReadTracingTests
{
    [Theory]
    [InlineData("/p2p.transfer.v1.FileTransfer/Download", false)]
    [InlineData("/p2p.transfer.v1.FileTransfer/Fetch", false)]
    [InlineData("/p2p.transfer.v1.FileTransfer/GetManifest", true)]
    [InlineData("/p2p.transfer.v1.FileTransfer/Upload", true)]
    [InlineData("/files", true)]
    [InlineData("/health", false)]
    public void Chunk_reads_are_left_out_of_traces_beside_what_the_defaults_leave_out(string path, bool traced)
    {
        var services = new ServiceCollection();
        // As the service defaults do: health probes are not traced.
        services.Configure<AspNetCoreTraceInstrumentationOptions>(options => options.Filter = context => context.Request.Path != "/health");
        services.AddChunkReadTraceFilter();
        var options = services.BuildServiceProvider().GetRequiredService<IOptions<AspNetCoreTraceInstrumentationOptions>>().Value;

        Assert.Equal(traced, options.Filter!(new DefaultHttpContext { Request = { Path = path } }));
    }

    [Theory]
    [InlineData("/p2p.transfer.v1.FileTransfer/Download", false)]
    [InlineData("/p2p.transfer.v1.FileTransfer/Fetch", false)]
    [InlineData("/p2p.transfer.v1.FileTransfer/GetManifest", true)]
    [InlineData("/p2p.transfer.v1.FileTransfer/Upload", true)]
    [InlineData("/discovery/query", true)]
    public void Chunk_reads_are_left_out_of_the_downloader_s_traces_as_calls_and_as_http_requests(string path, bool traced)
    {
        var services = new ServiceCollection();
        services.AddChunkReadTraceFilter();
        using var provider = services.BuildServiceProvider();
        var grpc = provider.GetRequiredService<IOptions<GrpcClientTraceInstrumentationOptions>>().Value;
        var http = provider.GetRequiredService<IOptions<HttpClientTraceInstrumentationOptions>>().Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri("http://peer3:50053"), path));

        Assert.Equal(traced, grpc.Filter!(request));
        Assert.Equal(traced, http.FilterHttpRequestMessage!(request));
    }
}
