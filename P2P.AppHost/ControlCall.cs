namespace P2P.AppHost;

/// <summary>
/// One dashboard command as a call into a service's control API: the request (its body built from the command's
/// arguments) and the sentence that reports its success.
/// </summary>
internal sealed record ControlCall(HttpMethod Method, string Path, Func<ControlAnswer, string> Success, Func<InteractionInputCollection, object?>? Body = null);
