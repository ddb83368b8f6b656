namespace P2P.Tests.Integration;

/// <summary>Where a service's build output is: the same configuration as the tests, with its own appsettings.json beside it.</summary>
public static class ServiceAssembly
{
    /// <summary>The path of <c>{project}.dll</c>, e.g. <c>P2P.Peer/bin/Debug/net10.0/P2P.Peer.dll</c> under <c>dotnet test</c>.</summary>
    public static string Path(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var root = output;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "P2P.sln")))
        {
            root = root.Parent;
        }
        return System.IO.Path.Combine(root?.FullName ?? throw new InvalidOperationException("The repository root (P2P.sln) was not found."),
            project, "bin", configuration, framework, project + ".dll");
    }
}
