using System.CommandLine;
using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using P2P.Cli.Network;
using P2P.Cli.Output;
using P2P.Connections;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Transfer.Hashing;

namespace P2P.Cli.Put;

/// <summary>
/// <c>p2p put FILE --peer PEER</c>: uploads a local file to a peer's TLS port, after proving the network key to it;
/// the peer verifies the SHA-256 sent ahead of the bytes and shares the file under its name.
/// </summary>
public static class PutCommand
{
    /// <summary>Bytes per upload message: the same size as the messages peers send, well under gRPC's 4 MiB message limit.</summary>
    private const int MessageBytes = 256 * 1024;

    /// <summary>An upload ends within this time or is given up (about 4 GiB at a modest 50 MB/s).</summary>
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(90);

    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The local file to upload" };
        var peer = new Option<string>("--peer") { Description = "The peer to upload to: an id or its REST URL", HelpName = "PEER", Required = true };
        var command = new Command("put", "Upload a file to a peer, which then shares it") { file, peer };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var local = parsed.GetRequiredValue(file);
            if (!local.Exists)
            {
                throw new CliException(ExitCodes.NotFound, $"No such file: {local.FullName}");
            }
            if (SharedFileName.Validate(local.Name) is { } invalid)
            {
                throw new CliException(ExitCodes.BadArguments, $"'{local.Name}' cannot be shared: {invalid}");
            }
            var credentials = context.Credentials(parsed);
            var target = await context.Network(parsed).ResolvePeerAsync(parsed.GetRequiredValue(peer), cancellationToken);

            Activity.Current?.SetTag("p2p.file", local.Name);
            var digest = await FileHasher.DigestAsync(local.FullName, cancellationToken);
            using var channels = new PeerChannels(credentials, TimeProvider.System);
            var client = new FileTransfer.FileTransferClient(channels.For(target.GrpcUrl.ToString(), target.Fingerprint));
            var stored = await UploadAsync(client, local, digest, target.Id, cancellationToken);

            var report = new PutReport(stored.FileName, stored.Size, stored.Sha256, target.Id);
            context.Output(parsed).Write(report, output =>
                output.Line($"Uploaded {report.File} ({Units.Bytes(report.Size)}, sha256 {report.Sha256}) to {report.Peer}."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<UploadResponse> UploadAsync(
        FileTransfer.FileTransferClient client, FileInfo local, FileDigest digest, string peer, CancellationToken cancellationToken)
    {
        using var call = client.Upload(deadline: TimeProvider.System.GetUtcNow().UtcDateTime + s_deadline, cancellationToken: cancellationToken);
        try
        {
            var header = new UploadHeader { FileName = local.Name, Size = digest.Size, Sha256 = digest.Sha256 };
            await call.RequestStream.WriteAsync(new UploadRequest { Header = header }, cancellationToken);
            await using var stream = new FileStream(
                local.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, MessageBytes, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var buffer = new byte[MessageBytes];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await call.RequestStream.WriteAsync(new UploadRequest { Data = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The peer refused before reading everything. A write then fails with whatever it was doing when the call
            // ended (its status, the cancellation of the write, or "the call is complete"): the response below carries
            // the peer's real status.
        }
        try
        {
            return await call.ResponseAsync;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied
            || e.Status.DebugException is MembershipException)
        {
            throw new CliException(ExitCodes.Unauthenticated, $"Peer {peer} refused the upload: {e.Status.Detail.TrimEnd('.')}. Check the network key.");
        }
    }
}
