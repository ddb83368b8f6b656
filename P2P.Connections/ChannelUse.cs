using System.Net;

namespace P2P.Connections;

/// <summary>
/// Counts a channel's calls in flight and when it was last used, so <see cref="PeerChannels"/> releases only channels
/// nobody is using. A call counts from its request until its response is disposed, which gRPC does when the call ends.
/// </summary>
public sealed class ChannelUse(HttpMessageHandler inner, TimeProvider time) : DelegatingHandler(inner)
{
    private int _calls;
    private long _lastUsedTicks = time.GetUtcNow().UtcTicks;

    public bool InUse => Volatile.Read(ref _calls) > 0;

    public DateTimeOffset LastUsed => new(Volatile.Read(ref _lastUsedTicks), TimeSpan.Zero);

    /// <summary>Marks the channel used now: one just handed out is about to carry a call.</summary>
    public void Touch() => Volatile.Write(ref _lastUsedTicks, time.GetUtcNow().UtcTicks);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Begin();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch
        {
            End();
            throw;
        }
        response.Content = new CountedContent(response.Content, End);
        return response;
    }

    private void Begin()
    {
        Interlocked.Increment(ref _calls);
        Touch();
    }

    private void End()
    {
        Touch();
        Interlocked.Decrement(ref _calls);
    }

    /// <summary>The response's content, unchanged (the same stream is read), that ends the call's count once when disposed.</summary>
    private sealed class CountedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private Action? _end;

        public CountedContent(HttpContent inner, Action end)
        {
            _inner = inner;
            _end = end;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _inner.CopyToAsync(stream, cancellationToken);

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => _inner.ReadAsStream(cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                Interlocked.Exchange(ref _end, null)?.Invoke();
            }
            base.Dispose(disposing);
        }
    }
}
