using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>
/// A channel stand-in that answers every server-streaming call with the reader <paramref name="reader"/> makes for the
/// call's options; other kinds of call are not supported. Keeps the method of the last call.
/// </summary>
public sealed class StreamingInvoker(Func<CallOptions, object> reader) : CallInvoker
{
    public object? Method { get; private set; }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Method = method;
        return new AsyncServerStreamingCall<TResponse>(
            (IAsyncStreamReader<TResponse>)reader(options), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}
