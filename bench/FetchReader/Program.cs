using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P2P.Contracts.Transfer.V1;

// Downloads the same bytes over loopback from an in-process gRPC server through the generated Fetch client and through
// FetchMessages, in alternating rounds, and prints each round's rate, allocations and collections.
var sizeMiB = args.Length > 0 ? int.Parse(args[0]) : 1024;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
const int RunBytes = 8 << 20;

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
await using var app = builder.Build();
app.MapGrpcService<ConstantFileService>();
await app.StartAsync();
var address = app.Urls.First();

using var channel = GrpcChannel.ForAddress(address);
var client = new FileTransfer.FileTransferClient(channel);
var total = (long)sizeMiB << 20;
var destination = new byte[RunBytes];

Console.WriteLine($"Fetch reader: {sizeMiB} MiB per download over {address}, {rounds} rounds of each, alternating; "
    + $".NET {Environment.Version}, {Environment.ProcessorCount} cores, workstation GC");
await GeneratedAsync();
await MessagesAsync();
var results = new Dictionary<string, List<Round>> { ["generated"] = [], ["FetchMessages"] = [] };
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, download) in round % 2 == 0
        ? new[] { ("generated", (Func<Task>)GeneratedAsync), ("FetchMessages", MessagesAsync) }
        : [("FetchMessages", MessagesAsync), ("generated", GeneratedAsync)])
    {
        var measured = await MeasureAsync(download);
        results[name].Add(measured);
        Console.WriteLine($"round {round + 1} {name,-12} {measured}");
    }
}
var generated = Median(results["generated"]);
var messages = Median(results["FetchMessages"]);
Console.WriteLine($"median      generated    {generated}");
Console.WriteLine($"median      FetchMessages  {messages}");
Console.WriteLine($"FetchMessages / generated: rate {messages.MBps / generated.MBps:F2}x, allocated {(double)messages.Allocated / generated.Allocated:F3}x, "
    + $"gen0 {messages.Gen0} vs {generated.Gen0}, gen2 {messages.Gen2} vs {generated.Gen2}");
await app.StopAsync();

async Task GeneratedAsync()
{
    using var call = client.Fetch();
    await AskAsync(call.RequestStream);
    var received = 0L;
    while (await call.ResponseStream.MoveNext(CancellationToken.None))
    {
        var data = call.ResponseStream.Current.Data.Span;
        data.CopyTo(destination.AsSpan((int)(received % RunBytes)));
        received += data.Length;
    }
    Check(received);
}

async Task MessagesAsync()
{
    using var call = client.FetchMessages(new CallOptions());
    await AskAsync(call.RequestStream);
    var received = 0L;
    while (await call.ResponseStream.MoveNext(CancellationToken.None))
    {
        using var message = call.ResponseStream.Current;
        message.Data.CopyTo(destination.AsSpan((int)(received % RunBytes)));
        received += message.Length;
    }
    Check(received);
}

async Task AskAsync(IClientStreamWriter<DownloadRequest> requests)
{
    for (var offset = 0L; offset < total; offset += RunBytes)
    {
        await requests.WriteAsync(new DownloadRequest { FileName = "f", Sha256 = "s", Offset = offset, Length = RunBytes });
    }
    await requests.CompleteAsync();
}

void Check(long received)
{
    if (received != total)
    {
        throw new InvalidOperationException($"received {received} bytes of {total}");
    }
}

async Task<Round> MeasureAsync(Func<Task> download)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    await download();
    var seconds = clock.Elapsed.TotalSeconds;
    return new Round(total / seconds / 1e6, GC.GetTotalAllocatedBytes(precise: true) - allocated,
        GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
}

static Round Median(List<Round> rounds)
{
    T Mid<T>(Func<Round, T> field) => rounds.Select(field).Order().ElementAt(rounds.Count / 2);
    return new Round(Mid(r => r.MBps), Mid(r => r.Allocated), Mid(r => r.Gen0), Mid(r => r.Gen1), Mid(r => r.Gen2));
}

internal sealed record Round(double MBps, long Allocated, int Gen0, int Gen1, int Gen2)
{
    public override string ToString() => $"{MBps,7:F0} MB/s  allocated {Allocated / 1e6,8:F1} MB  gen0 {Gen0,4}  gen1 {Gen1,4}  gen2 {Gen2,4}";
}

/// <summary>Serves every range from one 256 KiB message of constant bytes, as the peer sends them (MaxMessageBytes).</summary>
internal sealed class ConstantFileService : FileTransfer.FileTransferBase
{
    private const int MessageBytes = 256 * 1024;
    private static readonly Google.Protobuf.ByteString s_block = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(new byte[MessageBytes]);

    public override async Task Fetch(
        IAsyncStreamReader<DownloadRequest> requestStream, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            for (var offset = request.Offset; offset < request.Offset + request.Length; offset += MessageBytes)
            {
                await responseStream.WriteAsync(new FileChunk { Offset = offset, Data = s_block }, context.CancellationToken);
            }
        }
    }
}
