namespace P2P.Hosting.OpenApi;

/// <summary>What a service's OpenAPI document says about it.</summary>
/// <param name="Examples">One example value per contract type, serialized as the API writes it (snake_case).</param>
public sealed record ApiDocument(string Title, string Description, IEnumerable<object> Examples);
