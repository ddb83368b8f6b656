using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace P2P.Hosting.Membership;

/// <summary>
/// Writes a TLS connection's output to its <c>SslStream</c> in buffers of up to 64 KiB rather than Kestrel's 4 KiB
/// segments: every write is a TLS record and a send of its own, and 4 KiB records cost a transfer four times the
/// records, encryptions and system calls of full 16 KiB ones (bench/results.md).
/// </summary>
public static class LargeTlsRecords
{
    private const int BufferBytes = 64 * 1024;

    /// <summary>Call after <c>UseHttps</c>: it needs the TLS session's stream.</summary>
    public static void UseLargeTlsRecords(this ListenOptions listen) =>
        listen.Use(next => async context =>
        {
            if (context.Features.Get<ISslStreamFeature>()?.SslStream is not { } tls)
            {
                await next(context);
                return;
            }
            var original = context.Transport;
            var output = PipeWriter.Create(tls, new StreamPipeWriterOptions(minimumBufferSize: BufferBytes, leaveOpen: true));
            context.Transport = new Duplex(original.Input, output);
            try
            {
                await next(context);
            }
            finally
            {
                await output.CompleteAsync();
                context.Transport = original;
            }
        });

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
