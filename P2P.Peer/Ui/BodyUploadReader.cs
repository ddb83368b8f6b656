using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Grpc;

namespace P2P.Peer.Ui;

/// <summary>
/// A browser's upload (a request body with its declared name, length and SHA-256) read as the Upload RPC's messages,
/// so that it passes through the very same <see cref="UploadIntake"/> checks: the header first, then the body in messages.
/// </summary>
public sealed class BodyUploadReader(UploadHeader header, Stream body) : IAsyncStreamReader<UploadRequest>
{
    private readonly byte[] _buffer = new byte[FileTransferService.MaxMessageBytes];
    private bool _headerSent;

    public UploadRequest Current { get; private set; } = null!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!_headerSent)
        {
            _headerSent = true;
            Current = new UploadRequest { Header = header };
            return true;
        }
        var read = await body.ReadAtLeastAsync(_buffer, _buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return false;
        }
        Current = new UploadRequest { Data = ByteString.CopyFrom(_buffer, 0, read) };
        return true;
    }
}
