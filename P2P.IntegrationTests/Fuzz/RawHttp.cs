using System.Net.Sockets;
using System.Text;

namespace P2P.Tests.Integration.Fuzz;

/// <summary>
/// Sends one HTTP/1.1 request byte for byte, so the request target reaches the server exactly as written: HttpClient
/// would normalise dot segments and escape what it finds in the path.
/// </summary>
public static class RawHttp
{
    /// <summary>Returns the status code, or 0 when the server closed the connection without one.</summary>
    public static async Task<int> SendAsync(Uri server, string method, byte[] target, string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        var head = new StringBuilder()
            .Append("\r\nHost: ").Append(server.Authority)
            .Append("\r\nContent-Length: ").Append(body.Length)
            .Append(contentType is { Length: > 0 } ? $"\r\nContent-Type: {contentType}" : "")
            .Append("\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(method + " "), cancellationToken);
        await stream.WriteAsync(target, cancellationToken);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(" HTTP/1.1" + head), cancellationToken);
        try
        {
            await stream.WriteAsync(body, cancellationToken);
        }
        catch (IOException)
        {
            // The server may refuse the request line and close before the body is sent; its answer is still readable.
        }

        var buffer = new byte[12];
        var read = 0;
        try
        {
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
            {
                read += n;
            }
        }
        catch (IOException)
        {
            // A reset after a refusal: whatever arrived before it is the answer.
        }
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read);
        return read == buffer.Length && statusLine.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)
            && int.TryParse(statusLine.AsSpan(9, 3), out var code) ? code : 0;
    }
}
