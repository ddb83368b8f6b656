using System.Text.Json;
using P2P.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace P2P.Cli.Output;

/// <summary>How a command shows its answer: the contracts' snake_case JSON with <c>--json</c>, else a table or lines.</summary>
public sealed class CommandOutput(CliConsole console, bool json)
{
    private static readonly JsonSerializerOptions s_indented = new(SnakeCaseJson.Options) { WriteIndented = true };

    public bool IsJson { get; } = json;

    /// <summary>Writes <paramref name="value"/> as JSON, or calls <paramref name="human"/> for the readable form.</summary>
    public void Write<T>(T value, Action<CommandOutput> human)
    {
        if (IsJson)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(value, s_indented));
            return;
        }
        human(this);
    }

    public void Line(string text) => console.Output.WriteLine(text);

    /// <summary>A table: borders and colour on a terminal, aligned plain columns when redirected.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table();
        if (!console.IsTerminal)
        {
            table.Border(TableBorder.None);
        }
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(header).PadRight(2));
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }
        console.Ansi.Write(table);
    }
}
