using System.Text.Json.Nodes;

namespace P2P.AppHost;

/// <summary>
/// What a service answered a control call: its JSON body and <c>Location</c> when it succeeded, else a sentence that
/// says why (the problem details' title and detail, or the transport error).
/// </summary>
internal sealed record ControlAnswer(bool Succeeded, JsonNode? Body, string? Location, string? Problem)
{
    public static ControlAnswer Failed(string problem) => new(false, null, null, problem);

    /// <summary>A string field of the body (the services answer in snake_case), or null.</summary>
    public string? Text(string field) => Body?[field]?.ToString();
}
