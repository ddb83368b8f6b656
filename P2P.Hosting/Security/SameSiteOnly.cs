namespace P2P.Hosting.Security;

/// <summary>Marks a GET route that makes the node act (query others): a browser may not call it from another site.</summary>
public sealed class SameSiteOnly
{
    public static readonly SameSiteOnly Instance = new();

    private SameSiteOnly()
    {
    }
}
