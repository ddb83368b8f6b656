using System.Reflection;
using P2P.Cli;

namespace P2P.Tests.Unit;

/// <summary>The command line is a client: what it loads, at any depth, holds no server hosting.</summary>
public sealed class CliDependencyTests
{
    private static readonly string[] s_serverOnly = ["Microsoft.AspNetCore", "Scalar", "Grpc.AspNetCore"];

    [Fact]
    public void TheCliReferencesNoAspNetCoreOrScalarAssembly()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([typeof(CliApp).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                // The runtime's own assemblies reference nothing of ASP.NET Core; walking them only costs time.
                if (!seen.Add(reference.Name!) || reference.Name!.StartsWith("System.", StringComparison.Ordinal))
                {
                    continue;
                }
                Assert.False(s_serverOnly.Any(prefix => reference.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)),
                    $"{assembly.GetName().Name} references {reference.Name}, a server assembly.");
                pending.Enqueue(Assembly.Load(reference));
            }
        }
        Assert.Contains("P2P.Contracts", seen);
        Assert.Contains("P2P.Connections", seen);
    }
}
