using System.Reflection;
using Microsoft.Extensions.Logging;
using P2P.Connections;
using P2P.Hosting;
using P2P.Peer.Files;
using P2P.Transfer;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 27 item 4: each feature folder has its own log class, and the generator checks ids only within one class;
/// this keeps every event id one message within a service's logs.
/// </summary>
public sealed class Issue27Item4LogEventIdTests
{
    public static TheoryData<string> Services => ["peer", "engine", "maestro", "hosting"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_event_id_names_one_message(string service)
    {
        var messages = Assemblies(service)
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.NotEmpty(messages);
        var shared = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");
        Assert.Empty(shared);
    }

    private static Assembly[] Assemblies(string service) => service switch
    {
        "peer" => [typeof(FileCatalog).Assembly],
        // The engine logs through the connections it dials, so the two share one set of ids.
        "engine" => [typeof(FileDownload).Assembly, typeof(NodeConnection).Assembly],
        "maestro" => [typeof(P2P.Maestro.Directory.PeerDirectory).Assembly],
        _ => [typeof(P2PService).Assembly],
    };
}
