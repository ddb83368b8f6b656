using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Trace;
using P2P.Cli;
using P2P.Cli.Telemetry;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Security;
using P2P.Transfer.Telemetry;

namespace P2P.Tests.Integration;

/// <summary>The traces a <c>p2p</c> command leaves: one trace per command, joined by the peers and the sources.</summary>
[Collection(SharedNetwork.Name)]
public sealed class CliTraceTests(AppHostFixture network) : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _maestro = network.Endpoint("maestro", "http").ToString();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_command_is_one_trace_that_the_peers_and_the_sources_join()
    {
        var roots = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CliTelemetry.Name,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = roots.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        var name = await network.ShareAsync(bytes, "peer1");
        await using var source = new FakeSourcePeer(name, bytes) { Member = TestMembers.Holding(network.NetworkKey) };
        await source.StartAsync(TestContext.Current.CancellationToken);

        var locate = await RunAsync("locate", SampleFiles.OnlyP3, "--via", "P1", "--mode", "friends", "--json");
        var get = await RunAsync("get", name, "--to", _temp.Path, "--source", source.Url);

        Assert.True(locate.ExitCode == ExitCodes.Success, locate.ToString());
        Assert.True(get.ExitCode == ExitCodes.Success, get.ToString());
        var found = JsonSerializer.Deserialize<PeerLocateResponse>(locate.Out, SnakeCaseJson.Options)!;
        var locateRoot = Assert.Single(roots, a => a.DisplayName == "p2p locate" && a.TraceId.ToHexString() == found.TraceId);
        Assert.Null(locateRoot.Parent);
        Assert.All(found.Hops, hop => Assert.Equal(found.TraceId, hop.TraceId));
        var getRoot = Assert.Single(roots, a => a.DisplayName == "p2p get" && source.TraceParents.Any(t => t.Contains(a.TraceId.ToHexString())));
        var getTrace = getRoot.TraceId.ToHexString();
        Assert.NotEmpty(source.TraceParents);
        Assert.All(source.TraceParents, header => Assert.Contains(getTrace, header));
    }

    [Fact]
    public async Task A_download_is_traced_as_one_span_per_source_and_its_fetch_call_stays_in_the_trace_untraced()
    {
        var log = new ActivityLog();
        using (Sdk.CreateTracerProviderBuilder()
            .AddSource(CliTelemetry.Name, TransferMetrics.Name)
            .AddHttpClientInstrumentation()
            .AddGrpcClientInstrumentation(grpc => grpc.SuppressDownstreamInstrumentation = true)
            .AddInMemoryExporter(log)
            .Build())
        {
            var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
            var name = await network.ShareAsync(bytes, "peer1");
            await using var source = new FakeSourcePeer(name, bytes) { Member = TestMembers.Holding(network.NetworkKey) };
            await source.StartAsync(TestContext.Current.CancellationToken);

            var get = await RunAsync("get", name, "--to", _temp.Path, "--source", source.Url);

            Assert.True(get.ExitCode == ExitCodes.Success, get.ToString());
            var root = Assert.Single(log.Snapshot(), a => a.DisplayName == "p2p get");
            // This download's spans only: other tests running meanwhile record spans of the same sources.
            var exported = log.Snapshot().Where(a => a.TraceId == root.TraceId).ToList();
            var sourceSpan = Assert.Single(exported, a => a.OperationName == "p2p.transfer.source");
            Assert.Equal("active", sourceSpan.GetTagItem("p2p.source.state"));
            Assert.Equal(3, sourceSpan.GetTagItem("p2p.source.chunks"));
            Assert.Contains(exported, a => a.DisplayName.EndsWith("/GetManifest", StringComparison.Ordinal));
            Assert.DoesNotContain(exported, a => a.DisplayName.EndsWith("/Fetch", StringComparison.Ordinal));
            // The manifest's call, then one Fetch call, which asked for the whole file as one run.
            Assert.Equal(2, source.TraceParents.Count);
            var fetchCall = source.TraceParents.Last();
            // The call stays in the download's trace, under a span of its own that is not exported.
            Assert.StartsWith($"00-{root.TraceId.ToHexString()}-", fetchCall, StringComparison.Ordinal);
            Assert.DoesNotContain(exported, span => fetchCall.Contains(span.SpanId.ToHexString(), StringComparison.Ordinal));
            Assert.Equal((0L, (long)bytes.Length), Assert.Single(source.Requests));
        }
    }

    private Task<CliRun> RunAsync(params string[] args) => RunAsync(args, new CapturedWriter(), TestContext.Current.CancellationToken);

    private Task<CliRun> RunAsync(string[] args, CapturedWriter output, CancellationToken cancellationToken) =>
        CliRunner.RunAsync(
            [.. args, "--maestro", _maestro], output, cancellationToken, name => name == NetworkKey.EnvironmentVariable ? network.NetworkKey : null);
}
