using Grpc.Core;
using Grpc.Core.Interceptors;
using P2P.Contracts.Security;

namespace P2P.Hosting.Membership;

/// <summary>Admits a gRPC call only over TLS from a certificate that proved the key; any other answers Unauthenticated, with why.</summary>
public sealed class MembershipInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    private static void Admit(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (!MembershipGate.IsProvenMember(http))
        {
            http.Response.Headers[MembershipRoutes.RequiredHeader] = "required";
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                http.Connection.ClientCertificate is null ? MembershipGate.MembersOnlyDetail : MembershipGate.UnprovenDetail));
        }
    }
}
